// Package cdp is a minimal Chrome DevTools Protocol client for the browser
// tests (the HTML briefing, targeting explore): it drives headless Chromium
// over a hand-written WebSocket, so those tests need no module beyond the
// standard library. Only tests import it.
package cdp

import (
	"bufio"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// A minimal Chrome DevTools Protocol client over a hand-written WebSocket
// (RFC 6455, client side: masked text frames out, unmasked frames in), so
// the browser test needs no module beyond the standard library. It is
// enough to drive one page: send commands, await their results, and
// collect every event the page raises.

type Client struct {
	conn    net.Conn
	rd      *bufio.Reader
	wmu     sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[int]chan Message
	events  []Message
	notify  chan struct{}
	done    chan struct{}
	err     error
}

type Message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *Error          `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

type Error struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// Dial opens the browser's DevTools WebSocket at wsURL.
func Dial(wsURL string) (*Client, error) {
	u, err := url.Parse(wsURL)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	rand.Read(key)
	k := base64.StdEncoding.EncodeToString(key)
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", u.RequestURI(), u.Host, k)
	rd := bufio.NewReader(conn)
	resp, err := http.ReadResponse(rd, &http.Request{Method: "GET"})
	if err != nil {
		conn.Close()
		return nil, err
	}
	sum := sha1.Sum([]byte(k + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		conn.Close()
		return nil, fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	c := &Client{conn: conn, rd: rd, pending: map[int]chan Message{}, notify: make(chan struct{}, 1), done: make(chan struct{})}
	go c.readLoop()
	return c, nil
}

func (c *Client) Close() { c.conn.Close() }

// call sends a command (to a page session when session is set) and waits
// for its result.
func (c *Client) Call(session, method string, params any, result any) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan Message, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if params == nil {
		params = map[string]any{}
	}
	p, _ := json.Marshal(params)
	msg, _ := json.Marshal(Message{ID: id, Method: method, Params: p, SessionID: session})
	if err := c.writeFrame(0x1, msg); err != nil {
		return err
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-c.done:
		return fmt.Errorf("%s: connection closed: %v", method, c.err)
	case <-time.After(60 * time.Second):
		return fmt.Errorf("%s: no answer in 60 s", method)
	}
}

// waitEvent waits until an event with the method has arrived.
func (c *Client) WaitEvent(method string, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		for _, e := range c.Snapshot() {
			if e.Method == method {
				return nil
			}
		}
		select {
		case <-c.notify:
		case <-c.done:
			return fmt.Errorf("waiting for %s: connection closed", method)
		case <-deadline:
			return fmt.Errorf("no %s in %s", method, timeout)
		}
	}
}

func (c *Client) Snapshot() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Message(nil), c.events...)
}

func (c *Client) readLoop() {
	defer close(c.done)
	for {
		msg, err := c.readMessage()
		if err != nil {
			c.err = err
			return
		}
		var m Message
		if json.Unmarshal(msg, &m) != nil {
			continue
		}
		c.mu.Lock()
		if m.ID != 0 {
			if ch, ok := c.pending[m.ID]; ok {
				ch <- m
				delete(c.pending, m.ID)
			}
		} else {
			c.events = append(c.events, m)
		}
		c.mu.Unlock()
		select {
		case c.notify <- struct{}{}:
		default:
		}
	}
}

// readMessage reads one whole message, answering pings on the way.
func (c *Client) readMessage() ([]byte, error) {
	var msg []byte
	for {
		var h [2]byte
		if _, err := io.ReadFull(c.rd, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0f
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var b [2]byte
			if _, err := io.ReadFull(c.rd, b[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(c.rd, b[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		var mask [4]byte
		masked := h[1]&0x80 != 0
		if masked {
			if _, err := io.ReadFull(c.rd, mask[:]); err != nil {
				return nil, err
			}
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(c.rd, payload); err != nil {
			return nil, err
		}
		if masked {
			for i := range payload {
				payload[i] ^= mask[i%4]
			}
		}
		switch op {
		case 0x8:
			return nil, errors.New("closed by browser")
		case 0x9:
			c.writeFrame(0xA, payload)
			continue
		case 0xA:
			continue
		}
		msg = append(msg, payload...)
		if fin {
			return msg, nil
		}
	}
}

// writeFrame sends one masked frame, as a client must.
func (c *Client) writeFrame(op byte, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	var hdr []byte
	hdr = append(hdr, 0x80|op)
	switch n := len(payload); {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n < 1<<16:
		hdr = append(hdr, 0x80|126, byte(n>>8), byte(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	var mask [4]byte
	rand.Read(mask[:])
	hdr = append(hdr, mask[:]...)
	body := make([]byte, len(payload))
	for i, b := range payload {
		body[i] = b ^ mask[i%4]
	}
	_, err := c.conn.Write(append(hdr, body...))
	return err
}

// consoleText renders a console or log event's text for a failure message.
func ConsoleText(e Message) string {
	s := string(e.Params)
	if len(s) > 400 {
		s = s[:400] + "..."
	}
	return strings.TrimSpace(e.Method + " " + s)
}

// QuietFlags start a headless Chromium that makes no requests of its own
// (no updates, sync, field trials or QUIC probes), so any request a test
// sees is the page's; the test adds --window-size.
var QuietFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
	"--remote-debugging-port=0"}

// FindChromium finds Debian's chromium (or another Chromium build), or "".
func FindChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}
