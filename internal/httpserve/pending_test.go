package httpserve

import (
	"net"
	"runtime"
	"testing"
	"time"
)

// TestPending: a connection whose bytes have arrived is told from a
// silent one before anything reads them.
func TestPending(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("pending tells only on Linux")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if pending(server) {
		t.Error("a silent connection has bytes pending")
	}
	client.Write([]byte("GET / HTTP/1.1\r\n"))
	for deadline := time.Now().Add(5 * time.Second); !pending(server); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("bytes sent are never pending")
		}
	}
}
