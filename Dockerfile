# syntax=docker/dockerfile:1
#
# targeting in a container: a static binary (no cgo: SQLite is pure Go) on a
# distroless base, running as a non-root user. The default command runs the
# nightly batch over the shipped examples into the volume /var/lib/targeting:
#
#   docker build -t targeting .
#   docker run --rm -v targeting-runs:/var/lib/targeting targeting
#   docker run --rm -v targeting-runs:/var/lib/targeting targeting pipeline status /var/lib/targeting/nightly
#
# Your own pipeline, scenarios and data: mount them read-only and point at them:
#
#   docker run --rm -v /srv/targeting/config:/config:ro -v targeting-runs:/var/lib/targeting \
#     targeting --log-format json pipeline run /config/nightly.yaml --root /var/lib/targeting/nightly
#
# Exit codes: 0 published, 1 bad input data, 2 bad pipeline/scenario file,
# 3 internal/disk error, 4 another run holds the lock. See deploy/README.md.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/targeting ./cmd/targeting \
 && /out/targeting version
# What the examples read: the scenario files and the open data they name
# (paths in them are relative, so the three folders stay side by side).
RUN mkdir -p /out/opt/targeting /out/state \
 && cp -r examples data testdata /out/opt/targeting/

# distroless/static: CA certificates, tzdata, /etc/passwd with nonroot
# (uid 65532), no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/targeting /usr/local/bin/targeting
# Read-only for the batch: owned by root, readable by all.
COPY --from=build /out/opt/targeting /opt/targeting
# The output root's parent, owned by the runtime user; a named volume
# mounted here starts with this ownership.
COPY --from=build --chown=65532:65532 /out/state /var/lib/targeting
USER 65532:65532
WORKDIR /opt/targeting
VOLUME ["/var/lib/targeting"]
ENTRYPOINT ["/usr/local/bin/targeting"]
CMD ["--log-format", "json", "pipeline", "run", "examples/nightly.yaml", "--root", "/var/lib/targeting/nightly"]
