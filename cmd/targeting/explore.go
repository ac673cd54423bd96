package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/explore"
)

func newExploreCmd(logger loggerFunc) *cobra.Command {
	var path, robust, listen string
	var port int
	var open bool
	c := &cobra.Command{
		Use:   "explore --scenario FILE [--robustness FILE] [--port N] [--open]",
		Short: "Start a local web page to move weights and watch the ranks and map change",
		Long: `explore scores the scenario once and starts a web app on this computer
(127.0.0.1, a free port unless --port): a map of the areas and wards in
decile colours, a slider and number box for every indicator and domain
weight, the selection rule, key figures, ranked and ward tables, each
area's explanation, and the areas entering and leaving the selection
against the scenario file. Every change is scored again on the server at
once. "Download scenario" gives a scenario file that 'targeting score'
scores to the ranks on the page (save it beside the original: its file
paths are relative to it); "Download table" a CSV; "Download briefing" the
HTML briefing of 'targeting report' for the settings on the page.

The page needs nothing from the internet. The server answers only requests
addressed to it from its own page; stop it with Ctrl-C. --listen serves on
another address (e.g. 0.0.0.0:8080) for a colleague on the network, with
no login: use it only on a trusted network.`,
		Example: "  targeting explore --scenario examples/cost-of-living.yaml --open\n" +
			"  targeting explore --scenario examples/cost-of-living.yaml --robustness out/cost-of-living_robustness.csv --port 8080",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" {
				return &usageError{"--scenario is required"}
			}
			if listen != "" && c.Flags().Changed("port") {
				return &usageError{"give --listen ADDR:PORT or --port, not both"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			var rob *result.Robustness
			if robust != "" {
				if rob, err = loadRobustness(robust, ""); err != nil {
					return err
				}
			}
			log := logger(c)
			srv, err := explore.New(sc, explore.Options{Robustness: rob}, log)
			if err != nil {
				return err
			}
			defer srv.Close()
			ln, public, err := explore.Listen(listen, port)
			if err != nil {
				return &usageError{err.Error()}
			}
			if public {
				log.Warn("explore: serving on a non-loopback address; anyone who can reach it can use the page (there is no login)", "address", ln.Addr().String())
			}
			url := "http://" + ln.Addr().String() + "/"
			if _, port, _ := net.SplitHostPort(ln.Addr().String()); public {
				// An unspecified address (0.0.0.0, ::) is reached by the machine's name.
				host, _, _ := net.SplitHostPort(listen)
				if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
					host, _ = os.Hostname()
				}
				url = "http://" + net.JoinHostPort(host, port) + "/"
			}
			fmt.Fprintln(c.OutOrStdout(), "explore:", url, "(Ctrl-C to stop)")
			if open {
				openBrowser(url)
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return srv.Serve(ctx, ln, explore.Hosts(ln, listen))
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().StringVar(&robust, "robustness", "", "robustness result CSV (from targeting robustness): rank intervals in the table and a map layer")
	c.Flags().IntVar(&port, "port", 0, "port on 127.0.0.1 (default: a free port)")
	c.Flags().StringVar(&listen, "listen", "", "serve on this address instead of 127.0.0.1 (e.g. 0.0.0.0:8080); no login, trusted networks only")
	c.Flags().BoolVar(&open, "open", false, "open the page in the default browser")
	return c
}

// openBrowser opens url in the desktop's browser, best effort.
func openBrowser(url string) {
	name, args := "xdg-open", []string{url}
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	if cmd := exec.Command(name, args...); cmd.Start() == nil {
		go cmd.Wait()
	}
}
