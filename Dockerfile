# mandatebot as a container: a static binary on a minimal, non-root image.
#   docker build -t mandatebot .
#   docker compose up -d        (reads .env; see compose.yaml)

# Build stage: a static binary (no cgo), the embedded corpus inside it.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mandatebot ./cmd/mandatebot
# The data folders, made here (the runtime stage has no shell) and copied
# owned by nonroot (65532): a new named volume takes the folder's owner
# from the image, and one the image lacks comes up root-owned, which the
# bot could not write (moby#34916).
RUN mkdir -p /data/corpus /data/index /data/feedback

# Runtime stage: distroless static holds CA certificates and a non-root
# user, and nothing else (no shell).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mandatebot /usr/local/bin/mandatebot
COPY --from=build --chown=65532:65532 /data /data
# TRUSTED_PROXIES stays loopback here: a container published on a public
# address sees every client come from Docker's network, so trusting that
# network would let any client name itself. compose.yaml, which publishes
# on 127.0.0.1 only, sets it.
ENV CORPUS_DIR=/data/corpus \
    INDEX_PATH=/data/index \
    FEEDBACK_PATH=/data/feedback/feedback.db \
    HTTP_ADDR=:8080 \
    WEB_ADDR=:8081
VOLUME ["/data/corpus", "/data/index", "/data/feedback"]
EXPOSE 8080 8081
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/mandatebot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/mandatebot"]
CMD ["serve"]
