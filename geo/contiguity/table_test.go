package contiguity

import "testing"

func TestTable(t *testing.T) {
	tb := newTable(1) // forces several grows
	for i := range 1000 {
		if _, had := tb.set(key2{uint64(i), uint64(i * 7)}, int32(i)); had {
			t.Fatalf("key %d present before set", i)
		}
	}
	if old, had := tb.set(key2{5, 35}, 99); !had || old != 5 {
		t.Errorf("replace: %d %v", old, had)
	}
	for i := range 1000 {
		v, ok := tb.get(key2{uint64(i), uint64(i * 7)})
		want := int32(i)
		if i == 5 {
			want = 99
		}
		if !ok || v != want {
			t.Fatalf("get %d = %d %v", i, v, ok)
		}
	}
	if _, ok := tb.get(key2{1, 1}); ok || tb.n != 1000 {
		t.Errorf("absent key found or n = %d", tb.n)
	}
}
