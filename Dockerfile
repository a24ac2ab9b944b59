# syntax=docker/dockerfile:1
# confcheck on the LinuxServer.io Alpine base image (s6-overlay v3).
#
#   docker build -t confcheck .                     the runtime image (the last stage)
#   docker build --target dist -t confcheck:dist .  only the files confcheck installs,
#                                                   for app images to copy (see below)
#
# The build stage installs with the same `make install DESTDIR=... PREFIX=/usr`
# that tests/0320-install-tree.t checks, so the image gets what CI proved:
#   /usr/bin/confcheck, /usr/share/man/man1/confcheck.1,
#   /usr/share/confcheck/templates (the example template set, not checked by default),
#   /usr/share/confcheck/maps/*.map (mapping files for LinuxServer.io images, used when named),
#   /etc/s6-overlay/s6-rc.d/{init-confcheck,svc-confcheck} and their bundle entries.

FROM alpine:3.22 AS build
RUN apk add --no-cache build-base pkgconf libgit2-dev xxhash-dev curl-dev jansson-dev
WORKDIR /src
COPY . .
RUN make PREFIX=/usr && make install DESTDIR=/out PREFIX=/usr

FROM scratch AS dist
COPY --from=build /out/ /

FROM ghcr.io/linuxserver/baseimage-alpine:3.22
RUN apk add --no-cache libgit2 xxhash libcurl jansson
COPY --from=build /out/ /

# How an app image adds confcheck: it keeps its own base image, adds the
# runtime libraries and copies the dist stage over its root. init-confcheck
# already runs after init-config and before init-config-end; when the image
# copies its samples in a later step, add a dependency on that step too (a
# name the image defines, or s6-rc-compile refuses the tree). On the nginx
# base the samples are in place at init-nginx-end:
#
#   ARG CONFCHECK_DIST=confcheck:dist
#   FROM ${CONFCHECK_DIST} AS confcheck
#
#   FROM ghcr.io/linuxserver/baseimage-alpine-nginx:3.22
#   RUN apk add --no-cache libgit2 xxhash libcurl jansson
#   COPY --from=confcheck / /
#   RUN touch /etc/s6-overlay/s6-rc.d/init-confcheck/dependencies.d/init-nginx-end
#   # the app's own files, with its templates in /defaults as usual
#   COPY root/ /
#
# When the init copies files that are not `.sample` templates (credentials, a
# custom.cnf, an app's .env), a mapping file says which template each one
# comes from (README, "Mapping files"). For an image confcheck ships a map for,
# name it, and let init-confcheck wait for the step that copies (the map's
# header names it):
#
#   ENV CONFCHECK_MAP=/usr/share/confcheck/maps/swag.map
#   RUN touch /etc/s6-overlay/s6-rc.d/init-confcheck/dependencies.d/init-certbot-config
#
# or make it the template root's own map, after the COPY of root/:
#
#   RUN cp /usr/share/confcheck/maps/swag.map /defaults/confcheck.map
#
# To give existing users exact verdicts on their first start with confcheck,
# ship the image repository's template history too (README, "For image
# maintainers"; docs/history.md): in a build stage that has the confcheck
# binary and the repository's .git,
#
#   RUN confcheck history import --name my-app --map root/defaults/= \
#           --out /out/usr/share/confcheck/history /src/my-app
#
# and copy /out over the runtime image like the files above.
