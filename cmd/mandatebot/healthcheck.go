package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// runHealthcheck asks the running bot's /healthz (HTTP_ADDR, on this
// host): exit 0 when it answers, 1 otherwise. The container image has no
// shell or curl, so its HEALTHCHECK runs this.
func runHealthcheck(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("healthcheck", "[--path /healthz]", env.stderr)
	path := fs.String("path", "/healthz", "what to ask: /healthz (alive) or /readyz (ready)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if env.cfg.HTTPAddr == "" {
		return usagef("HTTP_ADDR is not set, so there is no health endpoint to ask")
	}
	host, port, err := net.SplitHostPort(env.cfg.HTTPAddr)
	if err != nil {
		return usagef("HTTP_ADDR %q: %v", env.cfg.HTTPAddr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+*path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s answered %s", *path, resp.Status)
	}
	fmt.Fprintln(env.stdout, "ok")
	return nil
}
