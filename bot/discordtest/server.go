// Package discordtest is a fake Discord for tests: an HTTP and websocket
// server on 127.0.0.1 that the real discordgo library connects to. It
// speaks enough of the gateway (HELLO, IDENTIFY, READY, heartbeats, RESUME)
// to deliver interactions, and records the REST calls the bot makes in
// answer (interaction callbacks, reply edits, follow-ups, command
// registration).
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// IDs the fake uses.
const (
	AppID     = "100000000000000001"
	BotUserID = "100000000000000002"
	GuildID   = "100000000000000003"
	ChannelID = "100000000000000004"
)

// Call is one REST request the bot made.
type Call struct {
	Method, Path string
	Body         json.RawMessage
	At           time.Time // when it arrived
	// Refused says why the fake answered 400 (code 50035), as Discord
	// would, or is "".
	Refused string
}

// Server is a running fake Discord.
type Server struct {
	t      testing.TB
	http   *httptest.Server
	wsURL  string
	upg    websocket.Upgrader
	mu     sync.Mutex
	conn   *websocket.Conn
	seq    int
	calls  []Call
	notify chan struct{}
	ready  chan struct{}
	resume chan struct{}
	nextID int
	files  map[string][]byte // attachments by path, served as Discord's CDN would
	askers map[string]string // interaction id → id of the user who made it

	building bool   // CommandJSON is building, not sending
	built    []byte // what it built
	// callbackDelay holds every interaction callback this long, as a
	// slow Discord would.
	callbackDelay time.Duration
	failures      []failure
}

// failure is an answer Discord gives instead of the right one, n times,
// to the calls it matches.
type failure struct {
	method, suffix string
	status, n      int
}

// FailNext makes the next n calls of method to a path ending in suffix
// fail with status, as an overloaded or broken Discord would.
func (s *Server) FailNext(method, suffix string, status, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{method, suffix, status, n})
}

// SlowCallbacks makes every interaction callback wait d before Discord
// answers it.
func (s *Server) SlowCallbacks(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callbackDelay = d
}

// New starts a fake Discord; it stops when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, notify: make(chan struct{}, 1), ready: make(chan struct{}, 8), resume: make(chan struct{}, 8), nextID: 1000, files: map[string][]byte{}, askers: map[string]string{}}
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	s.wsURL = "ws://" + s.http.Listener.Addr().String()
	t.Cleanup(func() {
		s.mu.Lock()
		if s.conn != nil {
			s.conn.Close()
		}
		s.mu.Unlock()
		s.http.Close()
	})
	return s
}

// Session returns a real discordgo session wired to the fake: its HTTP
// client sends discord.com requests to 127.0.0.1, and it has a websocket
// dialer of its own. Production code keeps discordgo's defaults.
func (s *Server) Session() *discordgo.Session {
	sess, err := discordgo.New("Bot " + FakeToken)
	if err != nil {
		s.t.Fatal(err)
	}
	target, _ := url.Parse(s.http.URL)
	sess.Client = &http.Client{Timeout: 10 * time.Second, Transport: redirect{target: target}}
	sess.Dialer = &websocket.Dialer{HandshakeTimeout: 5 * time.Second, NetDial: (&net.Dialer{}).Dial}
	sess.Identify.Intents = discordgo.IntentsGuilds
	sess.LogLevel = discordgo.LogError
	return sess
}

// FakeToken has the shape of a bot token and is valid nowhere.
const FakeToken = "MTAwMDAwMDAwMDAwMDAwMDAy.fake00.fake-token-for-tests-only-000000000"

// redirect sends every request to the fake server, whatever its host.
type redirect struct{ target *url.URL }

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme = r.target.Scheme
	req.URL.Host = r.target.Host
	req.Host = r.target.Host
	return http.DefaultTransport.RoundTrip(req)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if websocket.IsWebSocketUpgrade(r) {
		s.gateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	path := r.URL.Path
	s.mu.Lock()
	file, isFile := s.files[path]
	s.mu.Unlock()
	if isFile && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(file)
		return
	}
	s.mu.Lock()
	delay := s.callbackDelay
	s.mu.Unlock()
	if fail := s.injectedFailure(r.Method, path); fail != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(fail)
		w.Write([]byte(`{"message": "injected failure", "code": 0}`))
		return
	}
	switch {
	case r.Method == http.MethodGet && (path == "/api/v9/gateway" || path == "/api/v9/gateway/bot"):
		writeJSON(w, map[string]any{"url": s.wsURL, "shards": 1})
		return
	case r.Method == http.MethodGet && path == "/api/v9/oauth2/applications/@me":
		writeJSON(w, map[string]any{"id": AppID, "name": "mandatebot"})
		return
	}
	refused := ""
	if strings.HasSuffix(path, "/callback") {
		refused = invalidCallback(body)
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: r.Method, Path: path, Body: json.RawMessage(body), At: time.Now(), Refused: refused})
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
	switch {
	case strings.HasSuffix(path, "/callback"):
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if refused != "" {
			invalidFormBody(w, refused)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case strings.Contains(path, "/commands"):
		w.Header().Set("Content-Type", "application/json")
		w.Write(body) // the commands as registered
	default:
		writeJSON(w, map[string]any{"id": "200000000000000001", "channel_id": ChannelID, "content": ""})
	}
}

// injectedFailure returns the status FailNext set for this request, or 0.
func (s *Server) injectedFailure(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.failures {
		f := &s.failures[i]
		if f.n > 0 && method == f.method && strings.HasSuffix(path, f.suffix) {
			f.n--
			return f.status
		}
	}
	return 0
}

// invalidCallback returns why Discord would refuse an interaction
// callback's body, or "": the rules this fake checks are those a bot has
// been caught breaking. An autocomplete result (type 8) must carry a
// "choices" array of at most 25, never null or missing (Discord answers
// 50035 and the member sees "Loading options failed").
func invalidCallback(body []byte) string {
	var cb struct {
		Type int `json:"type"`
		Data *struct {
			Choices json.RawMessage `json:"choices"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		return "body is not JSON"
	}
	if cb.Type != 8 {
		return ""
	}
	if cb.Data == nil {
		return "data: this field is required"
	}
	var choices []json.RawMessage
	if err := json.Unmarshal(cb.Data.Choices, &choices); err != nil || choices == nil {
		return "data.choices: this field is required"
	}
	if len(choices) > 25 {
		return "data.choices: must be 25 or fewer in length"
	}
	return ""
}

// invalidFormBody answers as Discord does a request it refuses: 400 with
// code 50035.
func invalidFormBody(w http.ResponseWriter, why string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"message": "Invalid Form Body (" + why + ")", "code": 50035})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// gateway plays Discord's gateway on one websocket connection.
func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	c, err := s.upg.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.conn = c
	s.mu.Unlock()
	s.send(c, map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}})
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		var frame struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(msg, &frame) != nil {
			continue
		}
		switch frame.Op {
		case 1: // heartbeat
			s.send(c, map[string]any{"op": 11})
		case 2: // identify
			s.dispatch(c, "READY", map[string]any{
				"v": 9, "session_id": "fake-session",
				"resume_gateway_url": s.wsURL,
				"user":               map[string]any{"id": BotUserID, "username": "mandatebot", "discriminator": "0", "bot": true},
				"application":        map[string]any{"id": AppID, "flags": 0},
				"guilds":             []any{},
			})
			s.ready <- struct{}{}
		case 6: // resume
			s.dispatch(c, "RESUMED", map[string]any{})
			s.resume <- struct{}{}
		}
	}
}

func (s *Server) send(c *websocket.Conn, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.WriteJSON(v)
}

func (s *Server) dispatch(c *websocket.Conn, event string, d any) error {
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	return s.send(c, map[string]any{"op": 0, "t": event, "s": seq, "d": d})
}

// WaitReady waits for the session to identify.
func (s *Server) WaitReady() {
	s.t.Helper()
	select {
	case <-s.ready:
	case <-time.After(10 * time.Second):
		s.t.Fatal("the session never identified")
	}
}

// WaitResumed waits for the session to resume after DropConnection.
func (s *Server) WaitResumed() {
	s.t.Helper()
	select {
	case <-s.resume:
	case <-s.ready: // a fresh identify is also a way back
	case <-time.After(15 * time.Second):
		s.t.Fatal("the session never came back")
	}
}

// DropConnection closes the gateway socket, as a network failure would.
func (s *Server) DropConnection() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn != nil {
		s.conn.Close()
	}
}

// Member is who makes an interaction.
type Member struct {
	UserID      string
	Roles       []string
	Permissions int64
	// Guild is the server the member writes from: GuildID when empty,
	// and "@dm" for a direct message with the bot.
	Guild string
}

// DM is the guild of a direct message.
const DM = "@dm"

// Alice is an ordinary member; Admin has the Administrator permission.
var (
	Alice = Member{UserID: "300000000000000001"}
	Admin = Member{UserID: "300000000000000002", Permissions: discordgo.PermissionAdministrator}
)

// Option is a command option as Discord sends it.
type Option struct {
	Name    string
	Type    discordgo.ApplicationCommandOptionType
	Value   any
	Focused bool
	// Attachment is the file of an attachment option; its id is Value.
	Attachment *Attachment
}

// Attachment is a file a member uploads with a command. Size, when set,
// is what Discord reports (to test a lie); otherwise the content's length.
type Attachment struct {
	Filename    string
	ContentType string
	Content     []byte
	Size        int
	URL         string // what Discord says it is at; the fake's CDN address when empty
}

// AttachmentOption uploads a to the fake's CDN and returns the option
// that carries it, as Discord resolves an attachment option.
func (s *Server) AttachmentOption(name string, a Attachment) Option {
	s.mu.Lock()
	s.nextID++
	id := strconv.Itoa(700000000000000000 + s.nextID)
	s.files["/attachments/"+ChannelID+"/"+id+"/"+a.Filename] = a.Content
	s.mu.Unlock()
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionAttachment, Value: id, Attachment: &a}
}

// Interaction returns a new interaction id and token.
func (s *Server) newID() (string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return fmt.Sprintf("4000000000000%05d", s.nextID), fmt.Sprintf("token-%d", s.nextID)
}

func (m Member) json() map[string]any {
	roles := m.Roles
	if roles == nil {
		roles = []string{}
	}
	return map[string]any{
		"user":        map[string]any{"id": m.UserID, "username": "user" + m.UserID[len(m.UserID)-2:], "discriminator": "0"},
		"roles":       roles,
		"permissions": fmt.Sprint(m.Permissions), // a string, as Discord sends it
		"joined_at":   "2024-01-02T03:04:05Z",
	}
}

// Command sends a slash command as INTERACTION_CREATE and returns the
// interaction's id.
func (s *Server) Command(m Member, name string, opts ...Option) string {
	return s.interaction(m, discordgo.InteractionApplicationCommand, name, opts, "")
}

// Autocomplete sends an autocomplete interaction for a command.
func (s *Server) Autocomplete(m Member, name string, opts ...Option) string {
	return s.interaction(m, discordgo.InteractionApplicationCommandAutocomplete, name, opts, "")
}

// Button sends a button press with the given custom id.
func (s *Server) Button(m Member, customID string) string {
	return s.interaction(m, discordgo.InteractionMessageComponent, "", nil, customID)
}

// Click presses a button of the message that answered interaction
// answer, as member m: the interaction carries that message (content,
// embeds, components) and who asked for it, as Discord sends them.
func (s *Server) Click(m Member, answer, customID string) string {
	s.t.Helper()
	r, ok := s.response(answer)
	if !ok {
		s.t.Fatalf("no answer to interaction %s to click on", answer)
	}
	msg := r.Final()
	s.mu.Lock()
	asker := s.askers[answer]
	s.mu.Unlock()
	return s.interactionWith(m, discordgo.InteractionMessageComponent, "", nil, customID, clickedMessage(msg, "200000000000000009", answer, asker))
}

// clickedMessage is msg as Discord sends it inside a click on one of its
// buttons: with id, its components and who asked (the interaction answer
// answered).
func clickedMessage(msg Message, id, answer, asker string) map[string]any {
	var rows []map[string]any
	for _, row := range msg.Components {
		var cs []map[string]any
		for _, c := range row.Components {
			cs = append(cs, map[string]any{"type": 2, "custom_id": c.CustomID, "label": c.Label, "style": 1})
		}
		rows = append(rows, map[string]any{"type": 1, "components": cs})
	}
	return map[string]any{
		"id": id, "channel_id": ChannelID, "content": msg.Content,
		"embeds": msg.Embeds, "components": rows, "flags": msg.Flags,
		"interaction_metadata": map[string]any{"id": answer, "type": 2, "user": map[string]any{"id": asker, "username": "asker"}},
	}
}

func (s *Server) interaction(m Member, typ discordgo.InteractionType, name string, opts []Option, customID string) string {
	s.t.Helper()
	return s.interactionWith(m, typ, name, opts, customID, nil)
}

func (s *Server) interactionWith(m Member, typ discordgo.InteractionType, name string, opts []Option, customID string, message map[string]any) string {
	s.t.Helper()
	id, token := s.newID()
	s.mu.Lock()
	s.askers[id] = m.UserID
	s.mu.Unlock()
	var data map[string]any
	if typ == discordgo.InteractionMessageComponent {
		data = map[string]any{"custom_id": customID, "component_type": 2}
	} else {
		var os []map[string]any
		attachments := map[string]any{}
		for _, o := range opts {
			os = append(os, map[string]any{"name": o.Name, "type": o.Type, "value": o.Value, "focused": o.Focused})
			if a := o.Attachment; a != nil {
				id := o.Value.(string)
				size := a.Size
				if size == 0 {
					size = len(a.Content)
				}
				// Discord's CDN address, as Discord sends it: the session's
				// transport takes it to the fake.
				u := "https://cdn.discordapp.com/attachments/" + ChannelID + "/" + id + "/" + a.Filename
				if a.URL != "" {
					u = a.URL
				}
				attachments[id] = map[string]any{"id": id, "filename": a.Filename, "size": size, "url": u, "proxy_url": u, "content_type": a.ContentType}
			}
		}
		data = map[string]any{"id": "500000000000000001", "name": name, "type": 1, "options": os}
		if len(attachments) > 0 {
			data["resolved"] = map[string]any{"attachments": attachments}
		}
	}
	d := map[string]any{
		"id": id, "application_id": AppID, "type": typ, "token": token,
		"channel_id":      ChannelID,
		"app_permissions": "0", "locale": "en-US", "guild_locale": "en-US", "version": 1,
		"data": data,
	}
	switch m.Guild {
	case DM:
		d["user"] = m.json()["user"]
	case "":
		d["guild_id"], d["member"] = GuildID, m.json()
	default:
		d["guild_id"], d["member"] = m.Guild, m.json()
	}
	if typ == discordgo.InteractionMessageComponent {
		if message == nil {
			message = map[string]any{"id": "200000000000000009", "channel_id": ChannelID, "content": ""}
		}
		d["message"] = message
	}
	if s.building {
		s.built, _ = json.Marshal(d)
		return id
	}
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c == nil {
		s.t.Fatal("no gateway connection")
	}
	if err := s.dispatch(c, "INTERACTION_CREATE", d); err != nil {
		// The connection was closed under us (a reconnect or resume in
		// progress): send on the next one, as Discord would. discordgo
		// waits 1, 2, 4… s between attempts to reconnect, so on a loaded
		// machine the next one can take longer than a few seconds.
		deadline := time.Now().Add(20 * time.Second)
		for {
			s.mu.Lock()
			next := s.conn
			s.mu.Unlock()
			if next != nil && next != c {
				if err = s.dispatch(next, "INTERACTION_CREATE", d); err == nil {
					break
				}
				c = next
			}
			if time.Now().After(deadline) {
				s.t.Fatalf("send interaction: %v", err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return id
}

// CommandJSON builds a slash command's interaction as Discord POSTs it
// to an Interactions Endpoint URL, without sending it on the gateway. Its
// edits and follow-ups reach this server as usual.
func (s *Server) CommandJSON(m Member, name string, opts ...Option) (id string, body []byte) {
	s.t.Helper()
	s.building = true
	defer func() { s.building = false }()
	id = s.interactionWith(m, discordgo.InteractionApplicationCommand, name, opts, "", nil)
	return id, s.built
}

// AutocompleteJSON is CommandJSON for an autocomplete interaction.
func (s *Server) AutocompleteJSON(m Member, name string, opts ...Option) (id string, body []byte) {
	s.t.Helper()
	s.building = true
	defer func() { s.building = false }()
	id = s.interactionWith(m, discordgo.InteractionApplicationCommandAutocomplete, name, opts, "", nil)
	return id, s.built
}

// InvalidCallback returns why Discord would refuse body as an
// interaction's initial response (the POST's response body, for an
// Interactions Endpoint URL), or "".
func InvalidCallback(body []byte) string { return invalidCallback(body) }

// Calls returns the REST calls made so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Message is a reply as the bot sent it, decoded from its JSON.
type Message struct {
	Content         string                                      `json:"content"`
	Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
	Components      []Row                                       `json:"components"`
	Flags           discordgo.MessageFlags                      `json:"flags"`
	AllowedMentions *AllowedMentions                            `json:"allowed_mentions"`
	Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

// AllowedMentions is a reply's allowed_mentions; Parse is nil when the
// JSON held null.
type AllowedMentions struct {
	Parse []string `json:"parse"`
}

// Row is an action row of components.
type Row struct {
	Components []struct {
		CustomID string `json:"custom_id"`
		Label    string `json:"label"`
		URL      string `json:"url"` // a link button's
	} `json:"components"`
}

// CustomIDs lists the custom ids of the message's buttons.
func (m Message) CustomIDs() []string {
	var out []string
	for _, r := range m.Components {
		for _, c := range r.Components {
			if c.CustomID != "" { // a link button has none
				out = append(out, c.CustomID)
			}
		}
	}
	return out
}

// Links lists the addresses of the message's link buttons.
func (m Message) Links() []string {
	var out []string
	for _, r := range m.Components {
		for _, c := range r.Components {
			if c.URL != "" {
				out = append(out, c.URL)
			}
		}
	}
	return out
}

// Response is what the bot answered an interaction: the callback it
// posted, and the edits and follow-ups that came after.
type Response struct {
	Type      discordgo.InteractionResponseType
	Callback  Message
	Edits     []Message
	Followups []Message
	Raw       []Call
	// Refused lists why the fake refused any of these calls, as Discord
	// would have: a reply the member never saw.
	Refused []string
}

// Final returns the message the user ends up seeing: the last edit if
// there is one, else the callback's.
func (r Response) Final() Message {
	if n := len(r.Edits); n > 0 {
		return r.Edits[n-1]
	}
	return r.Callback
}

// Ephemeral reports whether the answer is shown only to its asker.
func (r Response) Ephemeral() bool { return r.Callback.Flags&discordgo.MessageFlagsEphemeral != 0 }

// WaitResponse waits until the bot has answered interaction id with a
// callback, and, if want is true for it, until want is satisfied (e.g. a
// deferred reply was edited).
func (s *Server) WaitResponse(id string, want func(Response) bool) Response {
	s.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		r, ok := s.response(id)
		if ok && (want == nil || want(r)) {
			return r
		}
		select {
		case <-s.notify:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			s.t.Fatalf("no answer to interaction %s (calls: %d)", id, len(s.Calls()))
		}
	}
}

// Edited is a WaitResponse condition: the deferred reply was edited.
func Edited(r Response) bool { return len(r.Edits) > 0 }

func (s *Server) response(id string) (Response, bool) {
	var r Response
	found := false
	var token string
	for _, c := range s.Calls() {
		if strings.HasPrefix(c.Path, "/api/v9/interactions/"+id+"/") && strings.HasSuffix(c.Path, "/callback") {
			var cb struct {
				Type discordgo.InteractionResponseType `json:"type"`
				Data Message                           `json:"data"`
			}
			if err := json.Unmarshal(c.Body, &cb); err != nil {
				s.t.Errorf("callback is not valid JSON: %v", err)
			}
			r.Type, r.Callback = cb.Type, cb.Data
			r.Raw = append(r.Raw, c)
			found = true
			token = strings.Split(c.Path, "/")[5]
		}
	}
	if !found {
		return r, false
	}

	for _, c := range s.Calls() {
		switch {
		case c.Method == http.MethodPatch && c.Path == "/api/v9/webhooks/"+AppID+"/"+token+"/messages/@original":
			var e Message
			if err := json.Unmarshal(c.Body, &e); err != nil {
				s.t.Errorf("edit is not valid JSON: %v", err)
			}
			r.Edits = append(r.Edits, e)
			r.Raw = append(r.Raw, c)
		case c.Method == http.MethodPost && strings.HasPrefix(c.Path, "/api/v9/webhooks/"+AppID+"/"+token):
			var p Message
			if err := json.Unmarshal(c.Body, &p); err != nil {
				s.t.Errorf("follow-up is not valid JSON: %v", err)
			}
			r.Followups = append(r.Followups, p)
			r.Raw = append(r.Raw, c)
		}
	}
	for _, c := range r.Raw {
		if c.Refused != "" {
			r.Refused = append(r.Refused, c.Refused)
		}
	}
	return r, true
}

// EditsFor returns the edits of the reply to interaction id, for an
// interaction whose initial response did not come through this server
// (one POSTed to an Interactions Endpoint URL).
func (s *Server) EditsFor(id string) []Message {
	n, _ := strconv.Atoi(strings.TrimLeft(id[len(id)-5:], "0"))
	path := "/api/v9/webhooks/" + AppID + "/" + fmt.Sprintf("token-%d", n) + "/messages/@original"
	var out []Message
	for _, c := range s.Calls() {
		if c.Method == http.MethodPatch && c.Path == path {
			var m Message
			json.Unmarshal(c.Body, &m)
			out = append(out, m)
		}
	}
	return out
}

// ClickJSON builds a button click on msg (the message an earlier
// interaction by asker was answered with) as Discord POSTs it to an
// Interactions Endpoint URL, without sending it on the gateway.
func (s *Server) ClickJSON(m Member, asker string, msg Message, customID string) (id string, body []byte) {
	s.t.Helper()
	message := clickedMessage(msg, "200000000000000010", "1", asker)
	s.building = true
	defer func() { s.building = false }()
	id = s.interactionWith(m, discordgo.InteractionMessageComponent, "", nil, customID, message)
	return id, s.built
}
