// Package realip tells who a request comes from: the address of the
// connection's other end, or, when that end is a proxy the operator
// trusts, the client the proxy says it forwards for (X-Forwarded-For).
// Rate limits and connection limits count clients by it, so no client can
// choose whom it counts as, and visitors behind a trusted proxy do not
// share one count.
package realip

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the addresses whose X-Forwarded-For is believed.
type Proxies struct {
	prefixes []netip.Prefix
	text     string
}

// Named sets of addresses Parse accepts.
var named = map[string][]netip.Prefix{
	"loopback": {netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
	// RFC 1918 and IPv6 unique local addresses: container and LAN networks.
	"private": {netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("fc00::/7")},
}

// Loopback trusts proxies on this machine only: the default.
var Loopback = Proxies{prefixes: named["loopback"], text: "loopback"}

// ErrSyntax is wrapped by Parse's errors.
var ErrSyntax = errors.New("not an address, a CIDR range, loopback, private or none")

// Parse reads a comma-separated list of addresses (10.0.0.5, ::1),
// CIDR ranges (172.16.0.0/12) and the names loopback and private (10/8,
// 172.16/12, 192.168/16, fc00::/7); "none" trusts no one.
func Parse(s string) (Proxies, error) {
	p := Proxies{text: strings.TrimSpace(s)}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			continue
		case strings.EqualFold(f, "none"):
			continue
		case named[strings.ToLower(f)] != nil:
			p.prefixes = append(p.prefixes, named[strings.ToLower(f)]...)
			continue
		}
		if pre, err := netip.ParsePrefix(f); err == nil {
			p.prefixes = append(p.prefixes, pre.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return Proxies{}, fmt.Errorf("%q: %w", f, ErrSyntax)
		}
		a = a.Unmap()
		p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
	}
	return p, nil
}

// String is the list as it was given.
func (p Proxies) String() string { return p.text }

// Trusts reports whether a is one of the proxies.
func (p Proxies) Trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, pre := range p.prefixes {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// maxHops is how many X-Forwarded-For entries Client reads, from the
// right: more proxies than this in a row is no real deployment.
const maxHops = 16

// Client is the address r comes from. From a trusted proxy, it is the
// rightmost X-Forwarded-For entry that is not itself a trusted proxy
// (each proxy appends the address it received the request from, so the
// entries left of the first untrusted one may be anything the client
// wrote); from anyone else the header is ignored. An entry that is not an
// address ends the walk at the proxy before it.
func (p Proxies) Client(r *http.Request) netip.Addr {
	client := Peer(r.RemoteAddr)
	if !client.IsValid() || !p.Trusts(client) {
		return client
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0 && i >= len(hops)-maxHops; i-- {
		a := parseHop(strings.TrimSpace(hops[i]))
		if !a.IsValid() {
			break
		}
		client = a
		if !p.Trusts(a) {
			break
		}
	}
	return client
}

// parseHop reads an X-Forwarded-For entry: an address, possibly with a
// port (1.2.3.4:80, [::1]:80).
func parseHop(s string) netip.Addr {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

// Peer is the address of a connection's other end, from a
// net.Conn's RemoteAddr().String() or a request's RemoteAddr; the zero
// Addr when it is not an IP address.
func Peer(remote string) netip.Addr {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return ap.Addr().Unmap()
	}
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// Key is what a limit counts a client by: an IPv4 address, or the /64 an
// IPv6 address is in (what one subscriber is given, so that rotating
// through it is still one client); "" for the zero Addr.
func Key(a netip.Addr) string {
	switch {
	case !a.IsValid():
		return ""
	case a.Is6() && !a.Is4In6():
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.Unmap().String()
}
