# syntax=docker/dockerfile:1
# ankieter in a container: a build stage with the Rust toolchain, then a
# small runtime (no shell tools needed: TLS roots are built into the binary,
# and the health check is `ankieter ready`). Data lives in the volume.

FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && cp target/release/ankieter /usr/local/bin/ankieter

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/ankieter --no-create-home ankieter \
 && mkdir -p /var/lib/ankieter \
 && chown ankieter:ankieter /var/lib/ankieter \
 && chmod 0700 /var/lib/ankieter
COPY --from=build /usr/local/bin/ankieter /usr/local/bin/ankieter
ENV ANKIETER_LISTEN=0.0.0.0:8080 \
    ANKIETER_DATA_DIR=/var/lib/ankieter \
    ANKIETER_DATABASE_URL=sqlite:///var/lib/ankieter/ankieter.db
USER 10001:10001
WORKDIR /var/lib/ankieter
VOLUME ["/var/lib/ankieter"]
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["ankieter", "ready"]
ENTRYPOINT ["ankieter"]
CMD ["serve"]
