//go:build !linux

package httpserve

import "net"

// pending reports whether bytes have arrived on c that the server has not
// read yet; where the system cannot tell, it says no, and a connection is
// silent until the server reads from it.
func pending(net.Conn) bool { return false }
