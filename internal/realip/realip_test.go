package realip_test

import (
	"errors"
	"net/http"
	"net/netip"
	"testing"

	"mandatebot/internal/realip"
)

func TestClient(t *testing.T) {
	t.Parallel()
	docker, err := realip.Parse("loopback, 172.18.0.1, 10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	none, _ := realip.Parse("none")
	for _, tt := range []struct {
		name    string
		proxies realip.Proxies
		remote  string
		xff     []string
		want    string
	}{
		{"no proxy: the peer", realip.Loopback, "203.0.113.7:5000", nil, "203.0.113.7"},
		{"an untrusted peer's header is ignored", realip.Loopback, "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"a trusted proxy's last entry", realip.Loopback, "127.0.0.1:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"what the client wrote left of it is not believed", realip.Loopback, "127.0.0.1:5000", []string{"1.1.1.1, 198.51.100.1"}, "198.51.100.1"},
		{"one header per proxy", realip.Loopback, "127.0.0.1:5000", []string{"1.1.1.1", "198.51.100.1"}, "198.51.100.1"},
		{"trusted proxies in a row are walked past", docker, "172.18.0.1:5000", []string{"1.1.1.1, 198.51.100.1, 10.1.2.3"}, "198.51.100.1"},
		{"the container's gateway untrusted by default", realip.Loopback, "172.18.0.1:5000", []string{"198.51.100.1"}, "172.18.0.1"},
		{"garbage stops the walk at the proxy", realip.Loopback, "127.0.0.1:5000", []string{"198.51.100.1, unknown"}, "127.0.0.1"},
		{"an entry with a port", realip.Loopback, "127.0.0.1:5000", []string{"[2001:db8::1]:443"}, "2001:db8::1"},
		{"none trusts no one", none, "127.0.0.1:5000", []string{"198.51.100.1"}, "127.0.0.1"},
		{"a mapped IPv4 peer", realip.Loopback, "[::ffff:127.0.0.1]:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"no header from a proxy: the proxy", realip.Loopback, "[::1]:5000", nil, "::1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{RemoteAddr: tt.remote, Header: http.Header{"X-Forwarded-For": tt.xff}}
			if got := tt.proxies.Client(r).String(); got != tt.want {
				t.Errorf("Client = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	p, err := realip.Parse(" private , 2001:db8::/32,192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{
		"10.200.0.1": true, "172.31.255.255": true, "172.32.0.1": false, "192.168.1.1": true, "fd00::1": true,
		"2001:db8:1::1": true, "192.0.2.9": true, "192.0.2.10": false, "127.0.0.1": false, "::ffff:10.0.0.1": true,
	} {
		if got := p.Trusts(netip.MustParseAddr(addr)); got != want {
			t.Errorf("private, 2001:db8::/32, 192.0.2.9 trusts %s: %v, want %v", addr, got, want)
		}
	}
	for _, bad := range []string{"example.org", "10.0.0.0/33", "loopback; private"} {
		if _, err := realip.Parse(bad); !errors.Is(err, realip.ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want ErrSyntax", bad, err)
		}
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"198.51.100.7":         "198.51.100.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::9": "2001:db8:1:2::/64", // the same subscriber
		"::ffff:198.51.100.7":  "198.51.100.7",
		"2001:db8:1:3::1":      "2001:db8:1:3::/64",
	} {
		if got := realip.Key(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Key(%s) = %s, want %s", addr, got, want)
		}
	}
}
