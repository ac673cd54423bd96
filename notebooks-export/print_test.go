package notebooksexport

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/geo/palette"
)

// poppler finds a poppler-utils tool (pdftoppm, pdftotext, pdfinfo).
func poppler(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	need(t, err == nil, name, "TARGETING_REQUIRE_POPPLER", "apt-get install poppler-utils")
	return p
}

// printPDF prints page (a file) to an A4 PDF with headless Chromium's own
// --print-to-pdf, as a user's "Save as PDF" would (the page's @page rules
// set the size and margins).
func printPDF(t *testing.T, bin, page string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "briefing.pdf")
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir="+t.TempDir(), "--no-pdf-header-footer",
		"--print-to-pdf="+out, fileURL(page))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, b)
	}
	return out
}

// The printed briefing: A4, the two maps on page 1 (page 1 rendered by
// pdftoppm is largely decile colours), ward labels at least 7 pt on paper
// (pdftotext's word boxes), page numbers on every page, fonts embedded
// (pdffonts), and one "Rank intervals: not run" box when there is no
// robustness result. TARGETING_KEEP_PAGE1 names a PNG to keep page 1 in
// (the committed testdata/briefing_page1.png was made with
// TARGETING_KEEP_PAGE1=testdata/briefing_page1.png).
func TestBriefingPrint(t *testing.T) {
	if testing.Short() {
		t.Skip("prints with headless Chromium and reads the PDF with poppler; runs without -short")
	}
	bin := needChromium(t)
	pdftoppm, pdftotext, pdfinfo, pdffonts := poppler(t, "pdftoppm"), poppler(t, "pdftotext"), poppler(t, "pdfinfo"), poppler(t, "pdffonts")
	run := func(name string, args ...string) string {
		t.Helper()
		b, err := exec.Command(name, args...).Output()
		if err != nil {
			t.Fatalf("%s %v: %v", filepath.Base(name), args, err)
		}
		return string(b)
	}
	for _, rob := range []bool{true, false} {
		name := map[bool]string{true: "with-robustness", false: "not-run"}[rob]
		t.Run(name, func(t *testing.T) {
			page, _ := writeExampleReport(t, t.TempDir(), rob)
			pdf := printPDF(t, bin, page)

			info := run(pdfinfo, pdf)
			pages, _ := strconv.Atoi(regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
			if !strings.Contains(info, "(A4)") || pages < 2 || pages > 12 {
				t.Errorf("want 2 to 12 A4 pages (595 x 842 pt):\n%s", info)
			}
			for p := 1; p <= pages; p++ {
				text := run(pdftotext, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), "-layout", pdf, "-")
				if !strings.Contains(text, "Page "+strconv.Itoa(p)+" of "+strconv.Itoa(pages)) {
					t.Errorf("page %d has no page number", p)
				}
			}
			all := run(pdftotext, pdf, "-")
			if n := strings.Count(all, "Rank intervals: not run"); n != map[bool]int{true: 0, false: 1}[rob] {
				t.Errorf(`"Rank intervals: not run" appears %d times`, n)
			}
			if fonts := run(pdffonts, pdf); strings.Contains(fonts, " no  ") && regexp.MustCompile(`(?m)\s+no\s+\S+\s+\S+\s+\d+\s+\d+$`).MatchString(fonts) {
				t.Errorf("a font is not embedded:\n%s", fonts)
			}

			// Page 1 holds the maps: at 50 dpi, a large share of the page
			// (about 11%; a page of tables has under 1%) is decile colours,
			// in at least 8 of the 10.
			png1 := filepath.Join(t.TempDir(), "page")
			run(pdftoppm, "-r", "50", "-f", "1", "-l", "1", "-singlefile", "-png", pdf, png1)
			img := readPNG(t, png1+".png")
			colours, share := decileShare(img)
			t.Logf("page 1: %d decile colours on %.0f%% of the page", colours, share*100)
			if colours < 8 || share < 0.08 {
				t.Errorf("page 1: %d decile colours on %.1f%% of the page; want the maps on page 1", colours, share*100)
			}

			// Ward labels on page 1 are at least 7 pt: a word's box is its
			// font's ascent + descent, 1.16 em for DejaVu Sans.
			bbox := run(pdftotext, "-f", "1", "-l", "1", "-bbox", pdf, "-")
			word := regexp.MustCompile(`yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>`)
			smallest, seen := 99.0, 0
			for _, m := range word.FindAllStringSubmatch(bbox, -1) {
				if m[3] != "Woodhouse" && m[3] != "Brooklands" && m[3] != "Moston" && m[3] != "Hulme" && m[3] != "Baguley" {
					continue
				}
				lo, _ := strconv.ParseFloat(m[1], 64)
				hi, _ := strconv.ParseFloat(m[2], 64)
				seen++
				smallest = min(smallest, (hi-lo)/1.164)
			}
			t.Logf("page 1: %d ward label words, smallest %.2f pt", seen, smallest)
			if seen < 5 || smallest < 6.95 {
				t.Errorf("ward labels on page 1: %d found, smallest %.2f pt; want all five at 7 pt or more", seen, smallest)
			}
			if keep := os.Getenv("TARGETING_KEEP_PAGE1"); keep != "" && rob {
				run(pdftoppm, "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-png", pdf, strings.TrimSuffix(keep, ".png"))
			}
		})
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// decileShare counts the decile colours covering at least 0.1% of img and
// the share of img they cover together (within 6 levels per channel, for
// the rasteriser's rounding).
func decileShare(img image.Image) (int, float64) {
	var ramp []color.RGBA
	for _, c := range palette.Deciles() {
		ramp = append(ramp, hexColour(c))
	}
	counts := make([]int, len(ramp))
	b := img.Bounds()
	total, hits := b.Dx()*b.Dy(), 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			for k, c := range ramp {
				if near(uint8(r>>8), c.R) && near(uint8(g>>8), c.G) && near(uint8(bl>>8), c.B) {
					counts[k]++
					hits++
					break
				}
			}
		}
	}
	n := 0
	for _, k := range counts {
		if float64(k) >= 0.001*float64(total) {
			n++
		}
	}
	return n, float64(hits) / float64(total)
}

func near(a, b uint8) bool { return a >= b-min(b, 6) && a <= b+min(255-b, 6) }
