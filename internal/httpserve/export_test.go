package httpserve

// Counts returns how many connections the server holds, has closed to
// make room for new ones, and has turned away.
func (s *Server) Counts() (open int, reclaimed, turnedAway int64) {
	s.conns.mu.Lock()
	defer s.conns.mu.Unlock()
	return len(s.conns.open), s.conns.reclaimed.Load(), s.conns.turnedAway.Load()
}
