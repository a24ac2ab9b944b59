#!/usr/bin/env python3
"""tests/secrets-corpus.py - secrets planted the way real users keep them.

usage: secrets-corpus.py DIR

Writes two images' template sets, DIR/v1 and DIR/v2 (each file as REL.sample), and
DIR/user: the files of image 1 as the user customised them, every one with secrets
planted (REL, without .sample). Most files change again in image 2, so they conflict and
a report's diffs show them; a few are customised only. Also writes:
  DIR/secrets   one secret per line: no output meant for pasting may hold any of them
  DIR/kept      one line per line that holds no secret: a masked diff shows it unchanged
  DIR/outdated  a file the user left alone that image 2 changed (REL)
Everything is drawn from a fixed seed, so every run plants the same corpus.
"""
import os
import random
import string
import sys

R = random.Random(20261204)
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"

secrets = []
kept = []


def rnd(n, chars=ALNUM):
    return "".join(R.choice(chars) for _ in range(n))


def secret(value, *fragments):
    """Records value (or, when given, only the fragments of it that are secret)."""
    for f in fragments or (value,):
        secrets.append(f)
    return value


def pw():
    """A short password: only its key can tell it is one."""
    return secret(rnd(3, string.ascii_lowercase) + rnd(2, string.digits) + "!" + rnd(4))


def tok(n=32):
    """A random-looking token."""
    t = rnd(4, string.ascii_uppercase) + rnd(4, string.digits) + rnd(n - 8)
    return secret(t)


def hexs(n=32):
    return secret(rnd(n - 2, HEX) + rnd(2, string.digits))


def b64(n=44):
    return secret(rnd(n - 1, B64) + "=")


def keep(line):
    kept.append(line)
    return line


def pem_body(lines=6, width=64):
    return [secret(rnd(width, B64)) for _ in range(lines)]


FILES = {}  # rel -> (v1 lines, user lines, v2 lines or None)


def add(rel, base, planted, changed=True):
    """A file: base is what image 1 ships; the user adds planted after its first line;
    image 2 adds a line at the top and one at the end (unless changed is false)."""
    user = base[:1] + planted + base[1:]
    v2 = None
    if changed:
        v2 = ["## Version 2025/02/02"] + base[1:] + ["# image 2 adds this line"]
    else:
        # no diff of this file is shown: what it keeps cannot be checked
        kept[:] = [k for k in kept if k not in user]
    FILES[rel] = (base, user, v2)


def nginx():
    for i in range(12):
        base = ["## Version 2024/01/01", "server {", "    listen 443 ssl;",
                "    server_name app%d.*;" % i, "    location / {",
                "        proxy_pass http://app%d:80;" % i, "    }", "}"]
        planted = [
            '    proxy_set_header Authorization "Bearer %s";' % tok(40),
            '    proxy_set_header Authorization "Basic %s";' % b64(24),
            "    proxy_set_header X-Api-Key %s;" % tok(32),
            "    proxy_set_header apikey %s;" % tok(24),
            "    proxy_set_header X-Plex-Token %s;" % tok(20),
            "    set $api_key %s;" % hexs(32),
            "    fastcgi_param DB_PASSWORD %s;" % pw(),
            "    secure_link_secret %s;" % pw(),
            "    proxy_pass http://admin:%s@10.0.0.%d:8080;" % (pw(), i),
            '    if ($http_x_api_key != "%s") { return 403; }' % tok(28),
            "    # notify https://discord.com/api/webhooks/%s/%s" % (
                secret(rnd(18, string.digits)), tok(68)),
            keep("    proxy_set_header X-Real-IP $remote_addr;"),
            keep("    proxy_set_header Authorization $http_authorization;"),
            keep('    add_header X-Frame-Options "SAMEORIGIN" always;'),
            keep("    include /config/nginx/proxy.conf;"),
            keep("    auth_basic_user_file /config/nginx/.htpasswd;"),
            keep("    ssl_certificate_key /config/keys/cert.key;"),
            keep("    proxy_cache_key $scheme$request_method$host$request_uri;"),
        ]
        add("nginx/proxy-confs/app%d.subdomain.conf" % i, base, planted, changed=i < 10)
    # htpasswd-style lines kept inside a conf, and URLs whose secret is in them
    add("nginx/auth-users.conf", ["## Version 2024/01/01", "# users"], [
        "# admin:$apr1$%s$%s" % (secret(rnd(8)), secret(rnd(22, ALNUM + "./"))),
        "bob:$2y$10$%s" % secret(rnd(53, ALNUM + "./")),
        "carol:{SHA}%s" % b64(28),
        "dave:$6$%s$%s" % (secret(rnd(16)), secret(rnd(86, ALNUM + "./"))),
        "return 302 https://hooks.slack.com/services/T%s/B%s/%s;" % (
            secret(rnd(8, string.ascii_uppercase + string.digits)),
            secret(rnd(10, string.ascii_uppercase + string.digits)), tok(24)),
        "# https://api.telegram.org/bot%s:%s/sendMessage" % (
            secret(rnd(9, string.digits)), secret("AA" + rnd(33, ALNUM + "_-"))),
        "# https://acme.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s" % (
            secret(rnd(8, HEX) + "-" + rnd(4, HEX)), secret(rnd(8, HEX) + "-" + rnd(4, HEX)),
            hexs(32), secret(rnd(8, HEX) + "-" + rnd(4, HEX))),
        "proxy_pass https://a.blob.core.windows.net/c/x?sv=2022-11-02&sp=r&sig=%s;" % (
            secret(rnd(40, ALNUM) + "%3D")),
        "proxy_pass https://s3.amazonaws.com/b/k?X-Amz-Credential=%s%%2F20260101&X-Amz-Signature=%s;" % (
            secret("AKIA" + rnd(16, string.ascii_uppercase + string.digits)), hexs(64)),
        keep("rewrite ^/(.*)$ /$1$2 break;"),
        keep("proxy_pass https://api.example.com/v2/users?page=2&sort=name;"),
    ])


DNS = ["aliyun", "azure", "cloudflare", "cloudxns", "cpanel", "desec", "digitalocean",
       "directadmin", "dnsimple", "dnsmadeeasy", "dnspod", "domeneshop", "dreamhost",
       "duckdns", "gandi", "gehirn", "godaddy", "google", "he", "hetzner", "infomaniak",
       "inwx", "ionos", "linode", "loopia", "luadns", "netcup", "njalla", "nsone", "ovh",
       "porkbun", "rfc2136", "sakuracloud", "standalone", "transip", "vultr"]


def dns():
    for p in DNS:
        base = ["# Instructions: https://github.com/certbot/certbot/blob/master/README.md",
                "# replace the values below with your own", "dns_%s_token = 0123456789abcdef" % p]
        planted = [
            "dns_%s_api_key = %s" % (p, hexs(37)),
            "dns_%s_secret = %s" % (p, b64(40)),
            "dns_%s_username = %s" % (p, secret("user" + rnd(6, string.digits))),
            "dns_%s_password = %s" % (p, pw()),
            "dns_%s_prefix = %s" % (p, secret(rnd(12, HEX))),
            keep("dns_%s_endpoint = https://api.%s.example" % (p, p)),
            keep("dns_%s_propagation_seconds = 60" % p),
        ]
        add("dns-conf/%s.ini" % p, base, planted, changed=p != "vultr")
    # SWAG's rfc2136.ini, with the TSIG secret wrapped onto a second line
    add("dns-conf/tsig.ini", ["# Target DNS server", keep("dns_rfc2136_server = 192.0.2.1"),
                              keep("dns_rfc2136_port = 53"), keep("dns_rfc2136_name = keyname."),
                              keep("dns_rfc2136_algorithm = HMAC-SHA512")], [
        "dns_rfc2136_secret = %s" % b64(60),
        "  %s" % secret(rnd(28, B64) + "=="),
        "dns_rfc2136_secret_2 = %s" % b64(60),
        secret(rnd(27, B64) + "=="),
        keep("# TSIG key algorithm"),
    ])
    add("dns-conf/route53.ini", ["[default]"], [
        "aws_access_key_id = AKIA%s" % secret(rnd(16, string.ascii_uppercase + string.digits)),
        "aws_secret_access_key = %s" % b64(40),
        keep("region = eu-west-1"),
    ])


def php():
    base = ["<?php", "$CONFIG = array (", keep("  'dbtype' => 'mysql',"), ");"]
    planted = [
        "  'dbpassword' => '%s'," % pw(),
        "  'passwordsalt' => '%s'," % b64(30),
        "  'secret' => '%s'," % b64(48),
        "  'mail_smtppassword' => '%s'," % pw(),
        "  'redis' => ['host' => 'localhost', 'password' => '%s']," % pw(),
        "  'objectstore' => array('arguments' => array('secret' => '%s'))," % b64(40),
        "$CONFIG['ldap']['password'] = '%s';" % pw(),
        "$db_pass = \"%s\";" % pw(),
        keep("  'instanceid' => 'oc8n3k2j1h',"),
        keep("  'trusted_domains' => array (0 => 'cloud.example.com'),"),
        keep("  'overwriteprotocol' => 'https',"),
    ]
    add("www/nextcloud/config/config.php", base, planted)
    wp = ["<?php", keep("define( 'DB_NAME', 'wordpress' );"), keep("define( 'DB_HOST', 'mariadb' );")]
    salt = string.ascii_letters + string.digits + "!@#$%^&*()-_=+[]{}|;:,.<>/?~ "
    planted = ["define( 'DB_PASSWORD', '%s' );" % pw()]
    for k in ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT",
              "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"]:
        planted.append("define('%s', '%s');" % (k, secret(rnd(64, salt).strip() + "x")))
    add("www/wordpress/wp-config.php", wp, planted)


def yaml():
    base = ["## Version 2024/01/01", keep("theme: dark"), keep("default_redirection_url: https://auth.example.com"),
            "server:", keep("  port: 9091")]
    planted = [
        "jwt_secret: %s" % b64(64),
        "session:",
        "  secret: '%s'" % b64(32),
        keep("  expiration: 1h"),
        "storage:",
        "  encryption_key: %s" % b64(40),
        "smtp:",
        '  password: "%s"' % pw(),
        keep("  host: smtp.example.com"),
        "identity_providers:",
        "  oidc:",
        "    hmac_secret: %s" % b64(44),
        "    issuer_private_key: |",
        "      -----BEGIN RSA PRIVATE KEY-----",
    ] + ["      " + s for s in pem_body(5)] + [
        "      -----END RSA PRIVATE KEY-----",
        "api_keys:",
        "  - %s" % tok(32),
        "  - %s" % tok(32),
        "token: >-",
        "  %s" % tok(40),
        "github_token: ghp_%s" % secret(rnd(36)),
        "gitlab: glpat-%s" % secret(rnd(20, ALNUM + "_-")),
        "slack: xoxb-%s-%s-%s" % (secret(rnd(11, string.digits)), secret(rnd(12, string.digits)), secret(rnd(24))),
        "jwt: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOi%s.%s" % (secret(rnd(30)), secret(rnd(43, ALNUM + "_-"))),
        "telegram_bot_token: \"%s:%s\"" % (secret(rnd(10, string.digits)), secret("AA" + rnd(33, ALNUM + "_-"))),
        "discord: https://discordapp.com/api/webhooks/%s/%s" % (secret(rnd(19, string.digits)), tok(68)),
        "backup: https://x.blob.core.windows.net/b?sv=2021-06-08&se=2026-01-01&sig=%s" % secret(rnd(43, ALNUM) + "%3D"),
        "aws_key: AKIA%s" % secret(rnd(16, string.ascii_uppercase + string.digits)),
        "services:",
        "  - Sonarr:",
        "      widget:",
        keep("        type: sonarr"),
        keep("        url: http://sonarr:8989"),
        "        key: %s" % hexs(32),
        "credentials:",
        "  db: %s" % pw(),
        "  api: %s" % pw(),
        "  type: basic",
        "ldap:",
        '  password: "%s"' % pw(),
        keep("  user: cn=admin,dc=example,dc=com"),
        keep("  base_dn: dc=example,dc=com"),
    ]
    add("authelia/configuration.yml", base, planted)


def json_file():
    base = ["{", keep('  "LogLevel": "info",'), keep('  "rest": "value",'), '  "version": 1', "}"]
    planted = [
        '  "password": "%s",' % pw(),
        '  "ApiKey": "%s",' % hexs(32),
        '  "ConnectionStrings": {"Default": "Server=db;User Id=sa;Password=%s;"},' % pw(),
        '  "credentials": {',
        '    "username": "%s",' % secret("admin" + rnd(4, string.digits)),
        '    "token": "%s"' % tok(40),
        keep("  },"),
        '  "webhook_url": "https://discord.com/api/webhooks/%s/%s",' % (secret(rnd(18, string.digits)), tok(68)),
        '  "tokens": [',
        '    "%s",' % tok(32),
        '    "%s"' % tok(32),
        "  ],",
        '  "secret":',
        '    "%s",' % pw(),
        '  "auth": {"user": "%s", "pass": "%s"},' % (secret("svc" + rnd(5)), pw()),
        '  "private_key": "-----BEGIN PRIVATE KEY-----\\n%s\\n%s\\n-----END PRIVATE KEY-----\\n",' % (
            secret(rnd(64, B64)), secret(rnd(40, B64))),
        '  "private_key_id": "%s",' % hexs(40),
        keep('  "type": "service_account",'),
        keep('  "client_id": "101234567890123456789",'),
        keep('  "auth_uri": "https://accounts.google.com/o/oauth2/auth",'),
    ]
    add("app/appsettings.json", base, planted)


def xml():
    base = ["<Config>", keep("  <Port>8989</Port>"), keep("  <BindAddress>*</BindAddress>"), "</Config>"]
    planted = [
        "  <ApiKey>%s</ApiKey>" % hexs(32),
        "  <Password>%s</Password>" % pw(),
        '  <add key="ApiKey" value="%s"/>' % tok(32),
        '  <add key="SmtpPassword" value="%s"/>' % pw(),
        '  <add name="Default" connectionString="Server=x;Uid=sa;Password=%s;"/>' % pw(),
        '  <setting name="Token" serializeAs="String"><value>%s</value></setting>' % tok(30),
        '  <user name="bob" password="%s"/>' % pw(),
        keep('  <add key="LogLevel" value="info"/>'),
        keep('  <add key="Theme" value="dark"/>'),
        keep("  <UrlBase></UrlBase>"),
    ]
    add("sonarr/config.xml", base, planted)


def env():
    base = ["# settings", keep("TZ=Europe/London"), keep("PUID=1000")]
    planted = [
        "DB_PASSWORD=%s" % pw(),
        'export API_TOKEN="%s"' % tok(32),
        "LDAP_BIND_PW=%s" % pw(),
        "psk=%s" % pw(),
        "SECRET_KEY_BASE=%s" % hexs(64),
        "AWS_SECRET_ACCESS_KEY=%s" % b64(40),
        "SMTP_PASS='%s'" % pw(),
        "MYSQL_ROOT_PASSWORD=%s" % pw(),
        "REDIS_URL=redis://:%s@redis:6379/0" % pw(),
        "DATABASE_URL=postgres://app:%s@db/app" % pw(),
        "SENTRY_DSN=https://%s@o1.ingest.sentry.io/1" % hexs(32),
        keep("PGID=1000"),
        keep("UMASK=022"),
    ]
    add("app/settings.env", base, planted)


def keys():
    wg = ["[Interface]", keep("Address = 10.13.13.1"), keep("ListenPort = 51820")]
    add("wireguard/wg0.conf", wg, [
        "PrivateKey = %s" % b64(44),
        "[Peer]",
        keep("PublicKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="),
        "PresharedKey = %s" % b64(44),
        keep("AllowedIPs = 10.13.13.2/32"),
    ])
    ovpn = ["client", keep("dev tun"), keep("remote vpn.example.com 1194")]
    add("openvpn/client.conf", ovpn, ["<tls-auth>", "-----BEGIN OpenVPN Static key V1-----"]
        + [secret(rnd(32, HEX)) for _ in range(8)] + ["-----END OpenVPN Static key V1-----", "</tls-auth>"])
    # a key far above a change: the change's hunk header quotes the key's last line
    bundle = ["## Version 2024/01/01"] + ["# note %d" % i for i in range(12)]
    add("app/cert-bundle.conf", bundle, ["-----BEGIN PGP PRIVATE KEY BLOCK-----", "Version: GnuPG v2", ""]
        + pem_body(6) + ["=" + secret(rnd(4, B64)), "-----END PGP PRIVATE KEY BLOCK-----",
                         "-----BEGIN EC PRIVATE KEY-----"] + pem_body(3) + ["-----END EC PRIVATE KEY-----"])
    putty = ["# PuTTY key for the backup job", "# see the docs"]
    add("backup/putty-key.txt", putty, [
        keep("PuTTY-User-Key-File-3: ssh-ed25519"), keep("Encryption: none"),
        keep("Comment: backup"), keep("Public-Lines: 2"), keep("AAAAC3NzaC1lZDI1NTE5AAAAIDn9"),
        keep("AAAAC3NzaC1lZDI1"), keep("Private-Lines: 2"), secret(rnd(44, B64)), secret(rnd(20, B64)),
        "Private-MAC: %s" % hexs(64)])


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    nginx()
    dns()
    php()
    yaml()
    json_file()
    xml()
    env()
    keys()
    # a file the user leaves alone, changed by image 2: a watcher sees it go to conflict
    FILES["nginx/outdated.conf"] = (["## Version 2024/01/01", "listen 80;"], None,
                                    ["## Version 2025/02/02", "listen 80;", "listen 8080;"])
    for rel, (v1, user, v2) in FILES.items():
        write(os.path.join(out, "v1", rel + ".sample"), v1)
        write(os.path.join(out, "v2", rel + ".sample"), v2 or v1)
        if user is not None:
            write(os.path.join(out, "user", rel), user)
    write(os.path.join(out, "secrets"), secrets)
    write(os.path.join(out, "kept"), kept)
    write(os.path.join(out, "outdated"), ["nginx/outdated.conf"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
