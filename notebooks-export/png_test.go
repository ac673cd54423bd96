package notebooksexport

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The PNG map is drawn: a picture of the expected size whose map holds
// every decile colour in quantity, and black selected outlines.
func TestMapPNG(t *testing.T) {
	path := filepath.Join(t.TempDir(), "map.png")
	if err := WriteMapPNG(example(t), path, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1240 || b.Dy() < 1300 {
		t.Errorf("size %v", b)
	}
	if keep := os.Getenv("TARGETING_KEEP_MAP_PNG"); keep != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(keep, b, 0o644)
	}
	// The example uses a synthetic source: the banner is drawn, and the map
	// sits below it.
	if n := countColour(img, hexColour(syntheticFill)); n < 20000 {
		t.Errorf("%d banner pixels: the SYNTHETIC banner is missing", n)
	}
	colours, inked := mapColours(img, [4]float64{28, 170, 790, 1280})
	if colours < 10 || inked < 0.3 {
		t.Errorf("map: %d decile colours, %.0f%% inked", colours, inked*100)
	}
	if n := countColour(img, color.RGBA{0, 0, 0, 255}); n < 2000 {
		t.Errorf("%d black pixels: selected outlines missing", n)
	}
}

func countColour(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B {
				n++
			}
		}
	}
	return n
}
