package httpserve

import (
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// pending reports whether bytes have arrived on c that the server has not
// read yet: a client that has sent its request, which a busy machine has
// not got round to reading, is not a silent one.
func pending(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	n := 0
	raw.Control(func(fd uintptr) { n, _ = unix.IoctlGetInt(int(fd), unix.SIOCINQ) })
	return n > 0
}
