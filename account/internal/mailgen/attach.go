package mailgen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"wren/transport/rfc822"
)

// fileKind is a type of attachment with the names it goes by.
type fileKind struct {
	ctype string
	names []string
	make  func(r *rand.Rand, size int) []byte
}

var (
	pdfFile = fileKind{"application/pdf", []string{
		"Invoice-4471.pdf", "Roadmap Q3.pdf", "Präsentation Q3.pdf", "Menu de la soirée.pdf",
		"Отчёт по тестированию.pdf", "会議資料.pdf", "Boarding pass.pdf", "Εισιτήρια.pdf",
	}, withMagic("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "\n%%EOF\n")}
	docxFile = fileKind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{
		"Angebot Website.docx", "Chapitre 3 — relecture.docx", "Meeting notes.docx",
	}, withMagic("PK\x03\x04\x14\x00\x06\x00", "")}
	xlsxFile = fileKind{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{
		"Budget 2024.xlsx", "Zeiterfassung März.xlsx", "Load test results.xlsx",
	}, withMagic("PK\x03\x04\x14\x00\x06\x00", "")}
	csvFile  = fileKind{"text/csv; charset=utf-8", []string{"export.csv", "Übersicht.csv", "timesheet.csv"}, makeCSV}
	icsFile  = fileKind{"text/calendar; charset=utf-8; method=REQUEST", []string{"invite.ics"}, makeICS}
	jpegFile = fileKind{"image/jpeg", []string{"IMG_2041.jpg", "Φωτογραφία παραλία.jpg", "写真_001.jpg", "ridge.jpg"}, pickImage(&jpegs)}
	pngFile  = fileKind{"image/png", []string{"screenshot.png", "Diagramm.png", "chart.png"}, pickImage(&pngs)}
	zipFile  = fileKind{"application/zip", []string{"invoice_0193.zip"}, withMagic("PK\x03\x04\x14\x00\x00\x00", "")}
)

var (
	workFiles     = []fileKind{pdfFile, pdfFile, docxFile, xlsxFile, csvFile, pngFile, icsFile}
	personalFiles = []fileKind{jpegFile, jpegFile, pdfFile, icsFile, pngFile}
	listFiles     = []fileKind{pdfFile, icsFile}
	junkFiles     = []fileKind{zipFile, pdfFile}
)

// attachments returns one to three files drawn from kinds, each at most
// limit bytes.
func attachments(r *rand.Rand, kinds []fileKind, limit int) []rfc822.DraftAttachment {
	n := 1
	if r.IntN(4) == 0 {
		n += 1 + r.IntN(2)
	}
	out := make([]rfc822.DraftAttachment, 0, n)
	for range n {
		k := kinds[r.IntN(len(kinds))]
		size := fileSize(r, limit)
		data := k.make(r, size)
		if data == nil { // no image is small enough
			k = pdfFile
			data = k.make(r, size)
		}
		out = append(out, rfc822.DraftAttachment{
			Filename:    k.names[r.IntN(len(k.names))],
			ContentType: k.ctype,
			Data:        data,
		})
	}
	return out
}

// fileSize is log-uniform between 2 KiB (or limit, if smaller) and
// limit, so most files are small and a few are large.
func fileSize(r *rand.Rand, limit int) int {
	lo := min(2048, limit)
	if limit <= lo {
		return limit
	}
	f := math.Log(float64(lo)) + r.Float64()*(math.Log(float64(limit))-math.Log(float64(lo)))
	return min(limit, int(math.Exp(f)))
}

// withMagic makes a file that starts and ends like the real format and
// is filled with seeded bytes in between.
func withMagic(head, tail string) func(r *rand.Rand, size int) []byte {
	return func(r *rand.Rand, size int) []byte {
		b := make([]byte, 0, max(size, len(head)+len(tail)))
		b = append(b, head...)
		b = fill(r, b, size-len(head)-len(tail))
		return append(b, tail...)
	}
}

// fill appends n seeded bytes to b.
func fill(r *rand.Rand, b []byte, n int) []byte {
	var w [8]byte
	for n > 0 {
		binary.LittleEndian.PutUint64(w[:], r.Uint64())
		k := min(n, 8)
		b = append(b, w[:k]...)
		n -= k
	}
	return b
}

func makeCSV(r *rand.Rand, size int) []byte {
	var b bytes.Buffer
	b.WriteString("date,project,hours,note\r\n")
	notes := []string{"review", "Überarbeitung", "réunion", "встреча", "bug fixes", "planning"}
	for day := 0; b.Len() < size; day++ {
		line := fmt.Sprintf("2024-%02d-%02d,P-%03d,%d.%d,%s\r\n", 1+day/28%12, 1+day%28,
			r.IntN(40), 1+r.IntN(8), r.IntN(10), notes[r.IntN(len(notes))])
		if b.Len()+len(line) > size {
			break
		}
		b.WriteString(line)
	}
	return b.Bytes()
}

func makeICS(r *rand.Rand, _ int) []byte {
	day := 1 + r.IntN(28)
	hour := 9 + r.IntN(8)
	return []byte(strings.Join([]string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wren//mailgen//EN", "METHOD:REQUEST",
		"BEGIN:VEVENT",
		fmt.Sprintf("UID:%016x@wren.example", r.Uint64()),
		fmt.Sprintf("DTSTAMP:202405%02dT080000Z", day),
		fmt.Sprintf("DTSTART:202406%02dT%02d0000Z", day, hour),
		fmt.Sprintf("DTEND:202406%02dT%02d3000Z", day, hour),
		"SUMMARY:Catch-up",
		"LOCATION:Room 4 / video call",
		"END:VEVENT", "END:VCALENDAR", "",
	}, "\r\n"))
}

// Images are drawn once and reused: encoding them per message would
// dominate the generation time of a large corpus.
var (
	imagesOnce  sync.Once
	jpegs, pngs [][]byte
)

func drawImages() {
	for i, sz := range [][2]int{{160, 120}, {320, 240}, {640, 480}, {1024, 768}} {
		img := picture(sz[0], sz[1], i)
		var jb, pb bytes.Buffer
		// Encoding into a buffer cannot fail for a valid image.
		_ = jpeg.Encode(&jb, img, &jpeg.Options{Quality: 80})
		_ = png.Encode(&pb, img)
		jpegs = append(jpegs, jb.Bytes())
		pngs = append(pngs, pb.Bytes())
	}
}

// picture is a soft landscape: sky, hills, sun; variant shifts colours.
func picture(w, h, variant int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			hill := 0.6 + 0.1*math.Sin(fx*6+float64(variant))
			var c color.RGBA
			switch {
			case math.Hypot(fx-0.75, fy-0.25) < 0.08:
				c = color.RGBA{250, 220, 120, 255}
			case fy > hill:
				c = color.RGBA{uint8(60 + 40*fy), uint8(120 + 60*fx), uint8(70 + 20*variant), 255}
			default:
				c = color.RGBA{uint8(120 + 80*fy), uint8(170 + 60*fy), 235, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// pickImage returns one of the cached images no larger than size, or
// nil when none is.
func pickImage(set *[][]byte) func(r *rand.Rand, size int) []byte {
	return func(r *rand.Rand, size int) []byte {
		imagesOnce.Do(drawImages)
		var fit [][]byte
		for _, b := range *set {
			if len(b) <= size {
				fit = append(fit, b)
			}
		}
		if len(fit) == 0 {
			return nil
		}
		return fit[r.IntN(len(fit))]
	}
}

// logo is the small image newsletters embed by cid:.
func logo() []byte {
	imagesOnce.Do(drawImages)
	return pngs[0]
}
