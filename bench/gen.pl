#!/usr/bin/perl
# bench/gen.pl - the generator behind bench/gen.sh; see that file for usage.
#
# Writes a volume shaped like a LinuxServer.io SWAG reverse proxy:
#   OUTDIR/defaults   the template root: N proxy-conf templates and a few base templates
#   OUTDIR/config     the config root: a .sample copy next to where each template goes,
#                     the active user confs, and the usual non-template clutter
#   OUTDIR/manifest.tsv  what was made: one line per active user file that has a template
# Everything is derived from the seed, so the same arguments give the same bytes.
use strict;
use warnings;
use File::Path qw(make_path);

my ($n, $out, $seed) = @ARGV;
die "usage: gen.pl N OUTDIR [SEED]\n" unless defined $out && $n =~ /^[0-9]+$/;
$seed = 1 unless defined $seed;
die "gen: seed must be a number\n" unless $seed =~ /^[0-9]+$/;
srand($seed);

my $defaults = "$out/defaults";
my $config = "$out/config";
for my $d ($defaults, $config) {
	die "gen: '$d' already exists\n" if -e $d;
}

# Real app names and their usual ports; past the end of the list a number is appended.
my @apps = qw(
  sonarr:8989 radarr:7878 lidarr:8686 readarr:8787 prowlarr:9696 bazarr:6767 jackett:9117
  jellyfin:8096 plex:32400 emby:8096 overseerr:5055 jellyseerr:5055 tautulli:8181 ombi:3579
  sabnzbd:8080 nzbget:6789 qbittorrent:8080 transmission:9091 deluge:8112 rutorrent:80
  heimdall:80 homepage:3000 organizr:80 homeassistant:8123 nextcloud:443 vaultwarden:80
  bitwarden:80 gitea:3000 forgejo:3000 grafana:3000 prometheus:9090 portainer:9000 uptime-kuma:3001
  code-server:8443 syncthing:8384 paperless-ngx:8000 photoprism:2342 immich:2283 calibre:8080
  calibre-web:8083 kavita:5000 komga:25600 audiobookshelf:80 navidrome:4533 airsonic:4040
  freshrss:80 wallabag:80 bookstack:80 wikijs:3000 dokuwiki:80 mealie:9000 grocy:80 firefly:8080
  adguard:3000 pihole:80 unifi-controller:8443 nodered:1880 zigbee2mqtt:8080 esphome:6052
  frigate:5000 scrutiny:8080 netdata:19999 glances:61208 dozzle:8080 filebrowser:80 duplicati:8200
  kopia:51515 minio:9001 authelia:9091 authentik:9000 keycloak:8080 guacamole:8080 webtop:3000
  tdarr:8265 unmanic:8888 handbrake:5800 mylar3:8090 lazylibrarian:5299 medusa:8081 sickchill:8081
  headphones:8181 beets:8337 lychee:80 piwigo:80 shlink:8080 linkding:9090 changedetection:5000
  miniflux:8080 joplin:22300 trilium:8080 n8n:5678 huginn:3000 gotify:80 ntfy:80 matrix:8008
  element:80 synapse:8008 jitsi:443 mastodon:3000 lemmy:1236 pixelfed:80 owncloud:8080 seafile:80
  librespeed:80 speedtest-tracker:80 smokeping:80 healthchecks:8000 monica:80 snipe-it:80
  dashy:80 flame:5005 homarr:7575 jellystat:3000 requestrr:4545 petio:7777 notifiarr:5454
);

sub put {
	my ($path, $text) = @_;
	(my $dir = $path) =~ s{/[^/]*$}{};
	make_path($dir) unless -d $dir;
	open(my $fh, '>', $path) or die "gen: cannot write '$path': $!\n";
	print $fh $text or die "gen: cannot write '$path': $!\n";
	close($fh) or die "gen: cannot write '$path': $!\n";
}

sub pick { return $_[ int(rand(scalar @_)) ]; }

# Fisher-Yates with our own seeded rand(), so the order does not depend on a module.
sub shuffle {
	my @a = @_;
	for (my $i = $#a; $i > 0; $i--) {
		my $j = int(rand($i + 1));
		@a[ $i, $j ] = @a[ $j, $i ];
	}
	return @a;
}

# A date as days since 2018-01-01 and back; months have 28 days to keep every date valid.
sub day_to_date {
	my ($d) = @_;
	my $y = 2018 + int($d / 336);
	my $m = 1 + int(($d % 336) / 28);
	my $dd = 1 + $d % 28;
	return sprintf('%04d/%02d/%02d', $y, $m, $dd);
}

sub header {
	my ($date, $rel) = @_;
	return "## Version $date\n" if $rel =~ m{/proxy-confs/};
	(my $src = $rel) =~ s{^}{root/defaults/};
	return "## Version $date - Changelog: https://example.invalid/commits/main/$src\n";
}

# --- proxy-conf templates ------------------------------------------------------------------

sub auth_server_lines {
	return <<'EOT';
    # enable for ldap auth (requires ldap-location.conf in the location block)
    #include /config/nginx/ldap-server.conf;

    # enable for Authelia (requires authelia-location.conf in the location block)
    #include /config/nginx/authelia-server.conf;

    # enable for Authentik (requires authentik-location.conf in the location block)
    #include /config/nginx/authentik-server.conf;

EOT
}

sub auth_location_lines {
	return <<'EOT';
        # enable the next two lines for http auth
        #auth_basic "Restricted";
        #auth_basic_user_file /config/nginx/.htpasswd;

        # enable for ldap auth (requires ldap-server.conf in the server block)
        #include /config/nginx/ldap-location.conf;

        # enable for Authelia (requires authelia-server.conf in the server block)
        #include /config/nginx/authelia-location.conf;

        # enable for Authentik (requires authentik-server.conf in the server block)
        #include /config/nginx/authentik-location.conf;

EOT
}

sub upstream_lines {
	my ($app, $port, $proto, $indent) = @_;
	return "${indent}include /config/nginx/proxy.conf;\n"
	    . "${indent}include /config/nginx/resolver.conf;\n"
	    . "${indent}set \$upstream_app $app;\n"
	    . "${indent}set \$upstream_port $port;\n"
	    . "${indent}set \$upstream_proto $proto;\n"
	    . "${indent}proxy_pass \$upstream_proto://\$upstream_app:\$upstream_port;\n";
}

# Optional blocks a proxy conf may carry; each is a sub so the names can vary per app.
my @extra_blocks = (
	sub {
		my ($app, $port, $proto, $pre) = @_;
		return "\n    location ~ (${pre})?/api {\n" . upstream_lines($app, $port, $proto, '        ')
		    . "\n    }\n";
	},
	sub {
		my ($app, $port, $proto, $pre) = @_;
		return "\n    location ~ (${pre})?/(ws|websocket|socket.io) {\n"
		    . "        proxy_set_header Upgrade \$http_upgrade;\n"
		    . "        proxy_set_header Connection \$http_connection;\n"
		    . upstream_lines($app, $port, $proto, '        ') . "\n    }\n";
	},
	sub {
		my ($app, $port, $proto, $pre) = @_;
		return "\n    location ~ (${pre})?/(metrics|health|status)\$ {\n"
		    . "        # keep the monitoring endpoints off the internet\n"
		    . "        allow 10.0.0.0/8;\n        allow 172.16.0.0/12;\n"
		    . "        allow 192.168.0.0/16;\n        deny all;\n"
		    . upstream_lines($app, $port, $proto, '        ') . "\n    }\n";
	},
	sub {
		my ($app, $port, $proto, $pre) = @_;
		return "\n    location ~ (${pre})?/(static|assets|dist)/ {\n"
		    . "        expires 7d;\n        add_header Cache-Control \"public, immutable\";\n"
		    . upstream_lines($app, $port, $proto, '        ') . "\n    }\n";
	},
	sub {
		my ($app, $port, $proto, $pre) = @_;
		return "\n    location ~ (${pre})?/(download|upload) {\n"
		    . "        client_max_body_size 0;\n        proxy_request_buffering off;\n"
		    . "        proxy_buffering off;\n        proxy_read_timeout 3600s;\n"
		    . upstream_lines($app, $port, $proto, '        ') . "\n    }\n";
	},
	sub {
		my ($app) = @_;
		return "\n    # $app sends its own security headers; the ones from ssl.conf would\n"
		    . "    # duplicate them and some browsers then reject the page.\n"
		    . "    proxy_hide_header X-Frame-Options;\n    proxy_hide_header X-Content-Type-Options;\n";
	},
);

sub proxy_template {
	my ($app, $port, $kind, $date, $rel) = @_;
	my $proto = ($port == 443 || $port == 8443) ? 'https' : 'http';
	my $t = header($date, $rel);
	$t .= "# make sure that your $app container is named $app\n";
	$t .= "# make sure that your dns has a cname set for $app\n" if $kind eq 'subdomain';
	if ($kind eq 'subfolder') {
		$t .= "# $app does not require a base url setting\n" if rand() < 0.5;
		$t .= "# set the url base of $app to /$app in its settings, then restart it\n";
	}
	$t .= "\n";
	my $body;
	my $pre = "/$app";
	if ($kind eq 'subdomain') {
		$body = "server {\n    listen 443 ssl;\n    listen [::]:443 ssl;\n\n"
		    . "    server_name $app.*;\n\n    include /config/nginx/ssl.conf;\n\n"
		    . "    client_max_body_size 0;\n\n" . auth_server_lines()
		    . "    location / {\n" . auth_location_lines()
		    . upstream_lines($app, $port, $proto, '        ') . "\n    }\n";
	} else {
		$body = "location /$app {\n    return 301 \$scheme://\$host/$app/;\n}\n\n"
		    . "location ^~ /$app/ {\n"
		    . "    # enable the next two lines for http auth\n"
		    . "    #auth_basic \"Restricted\";\n    #auth_basic_user_file /config/nginx/.htpasswd;\n\n"
		    . "    # enable for Authelia (requires authelia-server.conf in the server block)\n"
		    . "    #include /config/nginx/authelia-location.conf;\n\n"
		    . upstream_lines($app, $port, $proto, '    ') . "}\n";
	}
	my $target = 1100 + int(rand(2900));
	my @pool = @extra_blocks;
	while (@pool) {
		my $blk = splice(@pool, int(rand(scalar @pool)), 1)->($app, $port, $proto, $pre);
		if ($kind eq 'subfolder') {
			$blk =~ s/^    //mg;
			$blk =~ s/\(\Q$pre\E\)\?/$pre/g;
		}
		my $len = length($t) + length($body);
		last if $len + length($blk) + 2 > ($len < 1100 ? 4000 : $target);
		$body .= $blk;
	}
	$body .= "}\n" if $kind eq 'subdomain';
	return $t . $body;
}

# --- base templates ------------------------------------------------------------------------

my %base = (
	'nginx/nginx.conf.sample' => <<'EOT',
user abc;

# Set number of worker processes automatically based on number of CPU cores.
include /config/nginx/worker_processes.conf;

# Enables the use of JIT for regular expressions to speed-up their processing.
pcre_jit on;

# Configures default error logger.
error_log /config/log/nginx/error.log;

# Includes files with directives to load dynamic modules.
include /etc/nginx/modules/*.conf;

# Include files with config snippets into the root context.
include /etc/nginx/conf.d/*.conf;

events {
    # The maximum number of simultaneous connections that can be opened by
    # a worker process.
    worker_connections 1024;
}

http {
    # Includes mapping of file name extensions to MIME types of responses
    # and defines the default type.
    include /etc/nginx/mime.types;
    default_type application/octet-stream;

    # Name servers used to resolve names of upstream servers into addresses.
    # It's also needed when using tcpsocket and udpsocket in Lua modules.
    include /config/nginx/resolver.conf;

    # Don't tell nginx version to the clients. Default is 'on'.
    server_tokens off;

    # Specifies the maximum accepted body size of a client request, as
    # indicated by the request header Content-Length. If the stated content
    # length is greater than this size, then the client receives the HTTP
    # error code 413. Set to 0 to disable. Default is '1m'.
    client_max_body_size 0;

    # Sendfile copies data between one FD and other from within the kernel,
    # which is more efficient than read() + write(). Default is off.
    sendfile on;

    # Causes nginx to attempt to send its HTTP response head in one packet,
    # instead of using partial frames. Default is 'off'.
    tcp_nopush on;

    # all ssl related config moved to ssl.conf
    # included in server blocks where listen 443 is defined

    # Enable gzipping of responses.
    #gzip on;

    # Set the Vary HTTP header as defined in the RFC 2616. Default is 'off'.
    gzip_vary on;

    # Helper variable for proxying websockets.
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    # Sets the path, format, and configuration for a buffered log write.
    access_log /config/log/nginx/access.log;

    # Includes virtual hosts configs.
    include /etc/nginx/http.d/*.conf;
    include /config/nginx/site-confs/*.conf;
}

daemon off;
pid /run/nginx.pid;
EOT
	'nginx/ssl.conf.sample' => <<'EOT',
### Mozilla Recommendations
# generated 2023-06-25, Mozilla Guideline v5.7, nginx 1.24.0, OpenSSL 3.1.1, intermediate configuration
# https://ssl-config.mozilla.org/#server=nginx&version=1.24.0&config=intermediate&openssl=3.1.1&guideline=5.7

ssl_certificate /config/keys/cert.crt;
ssl_certificate_key /config/keys/cert.key;
ssl_session_timeout 1d;
ssl_session_cache shared:MozSSL:10m; # about 40000 sessions
ssl_session_tickets off;

# curl https://ssl-config.mozilla.org/ffdhe2048.txt > /path/to/dhparam
ssl_dhparam /config/nginx/dhparams.pem;

# intermediate configuration
ssl_protocols TLSv1.2 TLSv1.3;
ssl_ecdh_curve X25519:prime256v1:secp384r1;
ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305;
ssl_prefer_server_ciphers off;

# HSTS (ngx_http_headers_module is required) (63072000 seconds)
#add_header Strict-Transport-Security "max-age=63072000" always;

# OCSP stapling
#ssl_stapling on;
#ssl_stapling_verify on;

# verify chain of trust of OCSP response using Root CA and Intermediate certs
#ssl_trusted_certificate /config/keys/cert.crt;

# Optional additional headers
#add_header Cache-Control "no-transform" always;
#add_header Content-Security-Policy "upgrade-insecure-requests; frame-ancestors 'self'" always;
#add_header Permissions-Policy "interest-cohort=()" always;
#add_header Referrer-Policy "same-origin" always;
#add_header X-Content-Type-Options "nosniff" always;
#add_header X-Frame-Options "SAMEORIGIN" always;
#add_header X-UA-Compatible "IE=Edge" always;
#add_header X-XSS-Protection "1; mode=block" always;
EOT
	'nginx/proxy.conf.sample' => <<'EOT',
# Timeout if the real server is dead
proxy_next_upstream error timeout invalid_header http_500 http_502 http_503;

# Proxy Connection Settings
proxy_buffers 32 4k;
proxy_connect_timeout 240;
proxy_headers_hash_bucket_size 128;
proxy_headers_hash_max_size 1024;
proxy_http_version 1.1;
proxy_read_timeout 240;
proxy_redirect http:// $scheme://;
proxy_send_timeout 240;

# Proxy Cache and Cookie Settings
proxy_cache_bypass $cookie_session;
#proxy_cookie_path / "/; Secure"; # enable at your own risk, may break certain apps
proxy_no_cache $cookie_session;

# Proxy Header Settings
proxy_set_header Connection $connection_upgrade;
proxy_set_header Early-Data $ssl_early_data;
proxy_set_header Host $host;
proxy_set_header Proxy "";
proxy_set_header Upgrade $http_upgrade;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Host $host;
proxy_set_header X-Forwarded-Method $request_method;
proxy_set_header X-Forwarded-Port $server_port;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header X-Forwarded-Server $host;
proxy_set_header X-Forwarded-Ssl on;
proxy_set_header X-Forwarded-Uri $request_uri;
proxy_set_header X-Original-Method $request_method;
proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
proxy_set_header X-Real-IP $remote_addr;
EOT
	'nginx/site-confs/default.conf.sample' => <<'EOT',
# redirect all traffic to https
server {
    listen 80 default_server;
    listen [::]:80 default_server;

    location / {
        return 301 https://$host$request_uri;
    }
}

# main server block
server {
    listen 443 ssl default_server;
    listen [::]:443 ssl default_server;

    server_name _;

    include /config/nginx/ssl.conf;

    root /config/www;
    index index.html index.htm index.php;

    # enable subfolder method reverse proxy confs
    include /config/nginx/proxy-confs/*.subfolder.conf;

    # enable for ldap auth (requires ldap-location.conf in the location block)
    #include /config/nginx/ldap-server.conf;

    # enable for Authelia (requires authelia-location.conf in the location block)
    #include /config/nginx/authelia-server.conf;

    # enable for Authentik (requires authentik-location.conf in the location block)
    #include /config/nginx/authentik-server.conf;

    location / {
        # enable for basic auth
        #auth_basic "Restricted";
        #auth_basic_user_file /config/nginx/.htpasswd;

        try_files $uri $uri/ /index.html /index.htm /index.php$is_args$args;
    }

    location ~ ^(.+\.php)(.*)$ {
        # enable the next two lines for http auth
        #auth_basic "Restricted";
        #auth_basic_user_file /config/nginx/.htpasswd;

        fastcgi_split_path_info ^(.+\.php)(.*)$;
        if (!-f $document_root$fastcgi_script_name) { return 404; }
        fastcgi_pass 127.0.0.1:9000;
        fastcgi_index index.php;
        include /etc/nginx/fastcgi_params;
    }

    # deny access to .htaccess/.htpasswd files
    location ~ /\.ht {
        deny all;
    }
}

# enable subdomain method reverse proxy confs
include /config/nginx/proxy-confs/*.subdomain.conf;
# enable proxy cache for auth
proxy_cache_path cache/ keys_zone=auth_cache:10m;
EOT
	'nginx/authelia-server.conf.sample' => <<'EOT',
# Make sure that your authelia container is in the same user defined bridge network and is named authelia
# Rename /config/nginx/proxy-confs/authelia.subdomain.conf.sample to /config/nginx/proxy-confs/authelia.subdomain.conf
# Make sure that the authelia configuration.yml has 'path: "authelia"' defined

# location for authelia subfolder requests
location ^~ /authelia {
    auth_request off; # requests to this subfolder must be accessible without authentication

    include /config/nginx/proxy.conf;
    include /config/nginx/resolver.conf;
    set $upstream_authelia authelia;
    proxy_pass http://$upstream_authelia:9091;
}

# location for authelia auth requests
location = /authelia/api/authz/auth-request {
    internal;

    include /config/nginx/proxy.conf;
    include /config/nginx/resolver.conf;
    set $upstream_authelia authelia;
    proxy_pass http://$upstream_authelia:9091/authelia/api/authz/auth-request;

    ## Include the Set-Cookie header if present.
    auth_request_set $set_cookie $upstream_http_set_cookie;
    add_header Set-Cookie $set_cookie;

    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
}
EOT
	'nginx/authelia-location.conf.sample' => <<'EOT',
# Make sure that your authelia container is in the same user defined bridge network and is named authelia
# Make sure that the authelia configuration.yml has 'path: "authelia"' defined

## Send a subrequest to Authelia to verify if the user is authenticated and has permission to access the resource.
auth_request /authelia/api/authz/auth-request;

## If the subreqest returns 200 pass to the backend, if the subrequest returns 401 redirect to the portal.
error_page 401 = @authelia_proxy_signin;

## Translate the user information response headers from the auth subrequest into variables
auth_request_set $email $upstream_http_remote_email;
auth_request_set $groups $upstream_http_remote_groups;
auth_request_set $name $upstream_http_remote_name;
auth_request_set $user $upstream_http_remote_user;

## Inject the user information into the request made to the actual upstream
proxy_set_header Remote-Email $email;
proxy_set_header Remote-Groups $groups;
proxy_set_header Remote-Name $name;
proxy_set_header Remote-User $user;

## Translate the Set-Cookie response header from the auth subrequest into a variable
auth_request_set $set_cookie $upstream_http_set_cookie;
EOT
	'nginx/authentik-server.conf.sample' => <<'EOT',
# Make sure that your authentik container is in the same user defined bridge network and is named authentik-server
# Rename /config/nginx/proxy-confs/authentik.subdomain.conf.sample to /config/nginx/proxy-confs/authentik.subdomain.conf

# location for authentik subfolder requests
location ^~ /outpost.goauthentik.io {
    auth_request off; # requests to this subfolder must be accessible without authentication

    include /config/nginx/proxy.conf;
    include /config/nginx/resolver.conf;
    set $upstream_authentik authentik-server;
    proxy_pass http://$upstream_authentik:9000;
}

# location for authentik auth requests
location = /outpost.goauthentik.io/auth/nginx {
    internal;

    include /config/nginx/proxy.conf;
    include /config/nginx/resolver.conf;
    set $upstream_authentik authentik-server;
    proxy_pass http://$upstream_authentik:9000/outpost.goauthentik.io/auth/nginx;

    ## Include the Set-Cookie header if present.
    auth_request_set $set_cookie $upstream_http_set_cookie;
    add_header Set-Cookie $set_cookie;

    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
}

# location for authentik sign-in redirects
location @goauthentik_proxy_signin {
    internal;
    add_header Set-Cookie $auth_cookie;
    return 302 /outpost.goauthentik.io/start?rd=$scheme://$http_host$request_uri;
}
EOT
	'nginx/ldap-server.conf.sample' => <<'EOT',
# Make sure that your ldap-auth container is in the same user defined bridge network and is named ldap-auth
# Rename the ldap.conf sample files and set the LDAP server settings in them

# the login form is served by the ldap-auth container on port 9000
location /ldaplogin {
    include /config/nginx/proxy.conf;
    include /config/nginx/resolver.conf;
    set $upstream_auth_app ldap-auth;
    set $upstream_auth_port 9000;
    set $upstream_auth_proto http;
    proxy_pass $upstream_auth_proto://$upstream_auth_app:$upstream_auth_port;
    proxy_set_header X-Target $request_uri;
}

# the auth request goes to port 8888, which holds no state between requests
location = /auth {
    internal;
    include /config/nginx/proxy.conf;
    include /config/nginx/resolver.conf;
    set $upstream_auth_app ldap-auth;
    set $upstream_auth_port 8888;
    set $upstream_auth_proto http;
    proxy_pass $upstream_auth_proto://$upstream_auth_app:$upstream_auth_port;

    proxy_pass_request_body off;
    proxy_set_header Content-Length "";

    # caching the answers keeps the ldap server from being asked on every request
    proxy_cache auth_cache;
    proxy_cache_valid 200 10m;
    proxy_cache_key "$http_authorization$cookie_nginxauth";

    # the ldap settings themselves
    proxy_set_header X-Ldap-URL "ldap://openldap:389";
    #proxy_set_header X-Ldap-Starttls "true";
    proxy_set_header X-Ldap-BaseDN "ou=people,dc=example,dc=invalid";
    proxy_set_header X-Ldap-BindDN "cn=admin,dc=example,dc=invalid";
    proxy_set_header X-CookieName "nginxauth";
    proxy_set_header Cookie nginxauth=$cookie_nginxauth;
}
EOT
	'nginx/ldap-location.conf.sample' => <<'EOT',
# Make sure that your ldap-auth container is in the same user defined bridge network and is named ldap-auth
# This file is included in a location block; ldap-server.conf must be in the server block

# every request is checked against /auth first
auth_request /auth;

# on 401 the user is sent to the login form and back again
error_page 401 =200 /ldaplogin;

# the header that the ldap-auth container sets once the user is known
auth_request_set $ldap_user $upstream_http_x_ldap_user;
proxy_set_header Remote-User $ldap_user;

# cookies set during the login survive the redirect
auth_request_set $set_cookie $upstream_http_set_cookie;
add_header Set-Cookie $set_cookie;

# the group list lets the app decide what the user may see; apps that ignore
# it simply drop the header
auth_request_set $ldap_groups $upstream_http_x_ldap_groups;
proxy_set_header Remote-Groups $ldap_groups;

# a failed ldap server must not leave the app open: anything other than 200 or
# 401 from /auth ends the request here
#error_page 500 502 503 504 =503 /ldaplogin;
EOT
);

# --- variants of a template ----------------------------------------------------------------

# An earlier version of a template: one directive line that was added since is missing.
sub previous_version {
	my ($text) = @_;
	my @lines = split(/\n/, $text, -1);
	my @candidates = grep { $lines[$_] =~ /;\s*$/ && $lines[$_] !~ /^\s*#/ } 1 .. $#lines;
	my $i = pick(@candidates);
	splice(@lines, $i, 1);
	return join("\n", @lines);
}

# The user's edit: enable an optional include, or else change one value.
sub customise {
	my ($text, $app) = @_;
	my @lines = split(/\n/, $text, -1);
	my @inc = grep { $lines[$_] =~ /^\s*#include / } 1 .. $#lines;
	if (@inc) {
		$lines[ pick(@inc) ] =~ s/#include/include/;
	} else {
		my @val = grep { $lines[$_] =~ /^\s*[a-z_]+ .*;\s*$/ } 1 .. $#lines;
		my $i = pick(@val);
		$lines[$i] =~ s/;\s*$/; # changed here for my setup/;
	}
	return join("\n", @lines);
}

sub set_date {
	my ($text, $date) = @_;
	$text =~ s{^## Version [0-9/]+}{## Version $date};
	return $text;
}

# --- build the template set ----------------------------------------------------------------

my @templates;  # [rel path of template, text, date, kind-of-template]
my $day_span = 8 * 336 - 1;

for my $rel (sort keys %base) {
	my $date = day_to_date(900 + int(rand($day_span - 900)));
	push @templates, [ $rel, header($date, $rel) . $base{$rel}, $date, 'base' ];
}

my @proxy;
for (my $ai = 0; @proxy < $n; $ai++) {
	my ($name, $port) = split(/:/, $apps[ $ai % @apps ]);
	$name .= int($ai / @apps) + 1 if $ai >= @apps;
	for my $kind ('subdomain', ($ai % 4 == 1 ? ('subfolder') : ())) {
		last if @proxy >= $n;
		my $rel = "nginx/proxy-confs/$name.$kind.conf.sample";
		my $date = day_to_date(900 + int(rand($day_span - 900)));
		push @proxy, [ $rel, proxy_template($name, $port, $kind, $date, $rel), $date, $kind, $name ];
	}
}
push @templates, @proxy;

for my $t (@templates) {
	put("$defaults/$t->[0]", $t->[1]);
	put("$config/$t->[0]", $t->[1]);    # the copy the init puts next to the user file
}

# --- the user's files ----------------------------------------------------------------------

# Active proxy confs: min(N, 300), subdomain ones first as users mostly pick those.
my $want = $n < 300 ? $n : 300;
my @pool = (shuffle(grep { $_->[3] eq q(subdomain) } @proxy), shuffle(grep { $_->[3] eq q(subfolder) } @proxy));
my @active = @pool[0 .. $want - 1];
@active = sort { $a->[0] cmp $b->[0] } @active;

# Which active proxy confs drift, and how; the rest are byte-identical to their template.
my $na = scalar @active;
my $n_custom = int($na / 10 + 0.5);
my $n_old = $na >= 25 ? int($na / 25) : ($na >= 5 ? 1 : 0);
my $n_conflict = $na >= 20 ? int($na / 100) + 1 : 0;
my $n_samedate = $na >= 20 ? int($na / 100) + 1 : 0;
my @order = shuffle(0 .. $na - 1);
my %kind_of;
$kind_of{$_} = 'customized' for splice(@order, 0, $n_custom);
$kind_of{$_} = 'outdated' for splice(@order, 0, $n_old);
$kind_of{$_} = 'conflict' for splice(@order, 0, $n_conflict);
$kind_of{$_} = 'outdated-samedate' for splice(@order, 0, $n_samedate);

# Base confs: the user always edits default.conf; nginx.conf is one image behind.
my %base_kind = (
	'nginx/site-confs/default.conf.sample' => 'customized',
	'nginx/nginx.conf.sample' => 'outdated',
	'nginx/proxy.conf.sample' => 'conflict',
);

my @users;  # [rel, kind, template]
for my $t (grep { $_->[3] eq 'base' } @templates) {
	push @users, [ $t, $base_kind{ $t->[0] } // 'current' ];
}
for my $i (0 .. $#active) {
	push @users, [ $active[$i], $kind_of{$i} // 'current' ];
}

open(my $man, '>', "$out/manifest.tsv") or die "gen: cannot write '$out/manifest.tsv': $!\n";
print $man "# confcheck bench volume: N=$n seed=$seed\n";
print $man "# path (relative to config/)\tkind\tuser_date\ttemplate_date\n";
for my $u (sort { $a->[0][0] cmp $b->[0][0] } @users) {
	my ($t, $kind) = @$u;
	my ($rel, $text, $date) = @$t;
	my $name = $t->[4] // 'local';
	my $user = $text;
	my $udate = $date;
	if ($kind eq 'outdated' || $kind eq 'conflict') {
		my ($y, $m, $d) = split(m{/}, $date);
		my $day = ($y - 2018) * 336 + ($m - 1) * 28 + ($d - 1);
		$udate = day_to_date($day - 30 - int(rand(800)));
		$user = set_date(previous_version($text), $udate);
	} elsif ($kind eq 'outdated-samedate') {
		$user = previous_version($text);
	}
	$user = customise($user, $name) if $kind eq 'customized' || $kind eq 'conflict';
	(my $urel = $rel) =~ s/\.sample$//;
	put("$config/$urel", $user);
	print $man "$urel\t$kind\t$udate\t$date\n";
}
close($man) or die "gen: cannot write '$out/manifest.tsv': $!\n";

# --- what else lives on a SWAG volume ------------------------------------------------------

my %other = (
	'nginx/resolver.conf' => "# This file is auto-generated only on first start.\n\nresolver 127.0.0.11 valid=30s;\n",
	'nginx/worker_processes.conf' => "# This file is auto-generated only on first start.\n\nworker_processes 2;\n",
	'nginx/proxy-confs/mything.subdomain.conf' =>
	    "# my own conf, no template\nserver {\n    listen 443 ssl;\n    server_name mything.*;\n"
	    . "    include /config/nginx/ssl.conf;\n    location / {\n        proxy_pass http://192.168.1.20:8080;\n    }\n}\n",
	'dns-conf/cloudflare.ini' => "# Instructions: https://example.invalid/dns-cloudflare\ndns_cloudflare_api_token = 0123456789abcdef0123456789abcdef01234567\n",
	'fail2ban/jail.local' => "[DEFAULT]\nbantime = 3600\nfindtime = 600\nmaxretry = 5\n\n[nginx-http-auth]\nenabled = true\n",
	'crontabs/root' => "# min hour day month weekday command\n*/15 * * * * run-parts /etc/periodic/15min\n0 * * * * run-parts /etc/periodic/hourly\n",
	'php/php-local.ini' => "; Edit this file to override php.ini directives\n\ndate.timezone = Etc/UTC\n",
	'www/index.html' => "<!DOCTYPE html>\n<html><head><title>Welcome to our server</title></head>\n<body><p>The website is currently being setup under this address.</p></body></html>\n",
	'keys/cert.crt' => "-----BEGIN CERTIFICATE-----\n" . ("MIIDazCCAlOgAwIBAgIUB1f3bench0000000000000000000000000000000000000\n" x 20) . "-----END CERTIFICATE-----\n",
	'keys/cert.key' => "-----BEGIN PRIVATE KEY-----\n" . ("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjbench000000000000000000000\n" x 26) . "-----END PRIVATE KEY-----\n",
	'nginx/dhparams.pem' => "-----BEGIN DH PARAMETERS-----\n" . ("MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz\n" x 6) . "-----END DH PARAMETERS-----\n",
);
my $log = '';
for my $i (1 .. 400) {
	my $app = (split(/:/, pick(@apps)))[0];
	$log .= sprintf("192.168.1.%d - - [01/Jan/2025:00:%02d:%02d +0000] \"GET / HTTP/2.0\" 200 %d \"-\" \"Mozilla/5.0\" \"%s\"\n",
	    1 + int(rand(250)), int($i / 60) % 60, $i % 60, 200 + int(rand(9000)), $app);
}
$other{'log/nginx/access.log'} = $log;
$other{'log/nginx/error.log'} = '';
put("$config/$_", $other{$_}) for sort keys %other;
