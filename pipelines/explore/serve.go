package explore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Listen opens the server's socket: 127.0.0.1 on port (0 = a free port)
// unless listen names another address. public reports an address other
// than the loopback, which the caller must warn about.
func Listen(listen string, port int) (ln net.Listener, public bool, err error) {
	if port < 0 || port > 65535 {
		return nil, false, fmt.Errorf("--port %d: want 0..65535", port)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if listen != "" {
		addr = listen
	}
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		return nil, false, err
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	ip := net.ParseIP(host)
	return ln, ip == nil || !ip.IsLoopback(), nil
}

// Hosts are the Host header values a listener answers to: its address and,
// on the loopback, localhost with the same port; plus the address it was
// asked for by name (--listen myhost:8080).
func Hosts(ln net.Listener, asked string) []string {
	a := ln.Addr().String()
	_, port, _ := net.SplitHostPort(a)
	hosts := []string{a}
	host, _, _ := net.SplitHostPort(a)
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		hosts = append(hosts, net.JoinHostPort("localhost", port))
	} else {
		// Served on the network on purpose (--listen): colleagues reach it
		// by whatever name or address they know it by.
		hosts = append(hosts, "*:"+port)
	}
	if h, p, err := net.SplitHostPort(asked); err == nil && h != "" {
		if p == "0" {
			p = port
		}
		hosts = append(hosts, net.JoinHostPort(h, p))
	}
	return hosts
}

// Serve answers on ln until ctx is done, then shuts down cleanly (waiting
// up to 5 s for requests in flight).
func (s *Server) Serve(ctx context.Context, ln net.Listener, hosts []string) error {
	srv := &http.Server{Handler: s.Handler(hosts...), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
