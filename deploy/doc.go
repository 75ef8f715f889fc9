// Package deploy holds mandatebot's deployment files: the systemd unit
// here, and the Dockerfile and compose.yaml at the repository's root. Its
// test checks what they promise, since container images cannot be pulled
// where the tests run.
package deploy
