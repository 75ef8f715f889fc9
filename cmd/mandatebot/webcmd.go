package main

import (
	"context"
	"fmt"
)

// defaultWebAddr is where "mandatebot web" serves when WEB_ADDR is off.
const defaultWebAddr = "127.0.0.1:8081"

// runWeb serves the web pages alone, from the same corpus folder and
// index as serve, following the folder's changes as serve does.
func runWeb(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("web", "[--addr HOST:PORT]", env.stderr)
	addr := fs.String("addr", "", "where to serve the pages (default: WEB_ADDR, else "+defaultWebAddr+")")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("web takes no arguments (got %q); give the address with --addr", pos[0])
	}
	if *addr == "" {
		*addr = env.cfg.WebAddr
	}
	if *addr == "" {
		*addr = defaultWebAddr
	}
	s := &server{env: env, log: newLogger(env.cfg, env)}
	defer s.close()
	if err := s.openHealth(false); err != nil {
		return err
	}
	if err := s.openIndex(ctx); err != nil {
		return err
	}
	if err := s.openWeb(*addr, false); err != nil {
		return err
	}
	s.startBackground(ctx)
	fmt.Fprintf(env.stdout, "serving the web pages at http://%s/ (stop with Ctrl-C)\n", s.webAddr)
	<-ctx.Done()
	return nil
}
