/* test_mask.c - secrets go, everything a helper needs to read stays. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "tap.h"

struct pair {
	const char *in, *want;
};

static const struct pair masked[] = {
    {"password = hunter2", "password = ****"},
    {"password=hunter2", "password=****"},
    {"PASSWORD: two words # and a comment", "PASSWORD: ****"},
    {"export DB_PASSWORD=\"s3cr3t\"", "export DB_PASSWORD=\"****\""},
    {"  - MYSQL_ROOT_PASSWORD=abc", "  - MYSQL_ROOT_PASSWORD=****"},
    {"KEY: value", "KEY: ****"},
    {"key=value", "key=****"},
    {"api-key = abc", "api-key = ****"},
    {"apiKey: abc", "apiKey: ****"},
    {"client_secret: abc", "client_secret: ****"},
    {"PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", "PrivateKey = ****"},
    {"{\"token\": \"x\", \"user\": \"bob\", \"apiKey\":\"y\"}",
     "{\"token\": \"****\", \"user\": \"bob\", \"apiKey\":\"****\"}"},
    {"'secret': 'x'", "'secret': '****'"},
    {"<password>xml</password>", "<password>****</password>"},
    {"token => abc", "token => ****"},
    {"passwd := abc", "passwd := ****"},
    {"proxy_set_header Authorization \"Bearer abc.def.ghi\";",
     "proxy_set_header Authorization \"Bearer ****\";"},
    {"proxy_set_header Authorization \"Basic dXNlcjpwYXNz\";",
     "proxy_set_header Authorization \"Basic ****\";"},
    {"Authorization: Bearer xyz", "Authorization: Bearer ****"},
    {"curl -H \"Authorization: Bearer xyz\" https://x",
     "curl -H \"Authorization: Bearer ****\" https://x"},
    {"proxy_set_header X-Api-Key abc123;", "proxy_set_header X-Api-Key ****;"},
    {"proxy_set_header X-Ldap-BindPass \"secret\";", "proxy_set_header X-Ldap-BindPass \"****\";"},
    {"set $api_key abc;", "set $api_key ****;"},
    {"fastcgi_param DB_PASSWORD secret;", "fastcgi_param DB_PASSWORD ****;"},
    {"secure_link_secret s3cret;", "secure_link_secret ****;"},
    {"requirepass foobared", "requirepass ****"},
    {"--password hunter2 --user bob", "--password **** --user bob"},
    {"run --token=abc --user bob", "run --token=**** --user bob"},
    {"# password = commented out", "# password = ****"},
    {"+password = added in a diff", "+password = ****"},
    {"-\tsecret: removed in a diff", "-\tsecret: ****"},
    {"dns_cloudflare_api_token = 0123456789abcdef", "dns_cloudflare_api_token = ****"},
    {"dns_cloudflare_api_key = 0123456789abcdef", "dns_cloudflare_api_key = ****"},
    {"proxy_pass http://user:pa55@10.0.0.1:8080;", "proxy_pass http://user:****@10.0.0.1:8080;"},
    {"https://example.com/?token=abc&user=x", "https://example.com/?token=****&user=x"},
    {"url = https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x",
     "url = https://****@github.com/x"},
    {"remote ghp_abcdefghijklmnopqrstuvwxyz0123456789", "remote ****"},
    {"id AKIAIOSFODNN7EXAMPLE in a log", "id **** in a log"},
    {"webhook = https://discord.com/api/webhooks/1/abc", "webhook = ****"},
    {"password = hunter2\n", "password = ****\n"},
    {"password = hunter2\r", "password = ****\r"},
    {"proxy_set_header Cookie nginxauth=$cookie_nginxauth;", "proxy_set_header Cookie ****;"},
    {"api_key: /looks/like/a/path", "api_key: ****"},
};

/* Lines that hold no secret, as the nginx templates of a reverse proxy have them. */
static const char *const kept[] = {
    "proxy_pass http://127.0.0.1:8080;",
    "proxy_pass $upstream_proto://$upstream_app:$upstream_port;",
    "proxy_pass_request_body off;",
    "fastcgi_pass 127.0.0.1:9000;",
    "auth_basic \"Restricted\";",
    "auth_basic_user_file /config/nginx/.htpasswd;",
    "auth_request /authelia/api/verify;",
    "auth_request_set $user $upstream_http_remote_user;",
    "auth_request_set $authorization $upstream_http_authorization;",
    "proxy_set_header Authorization $authorization;",
    "set $api_key $http_x_api_key;",
    "ssl_certificate_key /config/keys/cert.key;",
    "KEY: /etc/ssl/private/server.key",
    "ssl_certificate /config/keys/cert.crt;",
    "ssl_password_file /config/keys/pass.txt;",
    "ssl_session_tickets off;",
    "proxy_cache_key \"$scheme$request_method$host$request_uri\";",
    "#proxy_cache_key \"$http_authorization$cookie_nginxauth\";",
    "proxy_cache_path cache/ keys_zone=auth_cache:10m;",
    "location = /auth {",
    "include /config/nginx/authelia-location.conf;",
    "# enable for ldap auth (requires ldap-location.conf in the location block)",
    "# For tokens see the docs",
    "token_type: bearer",
    "secret_key_base: ${SECRET_KEY_BASE}",
    "password: \"{{ .Values.password }}\"",
    "password: <your-password-here>",
    "password: \"\"",
    "password:",
    "dns_cloudflare_email = cloudflare@example.com",
    "## Version 2024/07/16 - Changelog: https://github.com/linuxserver/docker-swag/commits",
    "server_name _;",
    "add_header X-Frame-Options \"SAMEORIGIN\" always;",
    "password = ****",
    "",
};

static char *mask(const char *s)
{
	return cc_mask_line(s, strlen(s), NULL);
}

static void test_lines(void)
{
	size_t i, bad = 0;
	char *got, *again;

	for (i = 0; i < sizeof(masked) / sizeof(masked[0]); i++) {
		got = mask(masked[i].in);
		is_str(got, masked[i].want, "masks: %s", masked[i].in);
		again = mask(got);
		bad += strcmp(again, got) != 0;
		free(again);
		free(got);
	}
	is_int(bad, 0, "masking twice changes nothing more");
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		got = mask(kept[i]);
		is_str(got, kept[i], "keeps: %s", kept[i]);
		free(got);
	}
}

static void test_text(void)
{
	const char *in = "a: 1\r\n"
			 "password: |\r\n"
			 "  line one\r\n"
			 "\r\n"
			 "  line two\r\n"
			 "next: ok\r\n"
			 "-----BEGIN RSA PRIVATE KEY-----\n"
			 "MIIEowIBAAKCAQEA\n"
			 "+abc/def==\n"
			 "-----END RSA PRIVATE KEY-----\n"
			 "@@ -1,3 +1,3 @@\n"
			 " token: |\n"
			 "+  added\n"
			 "-  removed\n"
			 " other: 1\n"
			 "secret:\n"
			 "    nested\n"
			 "end: 1";
	const char *want = "a: 1\r\n"
			   "password: |\r\n"
			   "  ****\r\n"
			   "\r\n"
			   "  ****\r\n"
			   "next: ok\r\n"
			   "-----BEGIN RSA PRIVATE KEY-----\n"
			   "****\n"
			   "+****\n"
			   "-----END RSA PRIVATE KEY-----\n"
			   "@@ -1,3 +1,3 @@\n"
			   " token: |\n"
			   "+  ****\n"
			   "-  ****\n"
			   " other: 1\n"
			   "secret:\n"
			   "    ****\n"
			   "end: 1";
	size_t len = 0;
	char *got = cc_mask_text(in, strlen(in), &len);

	is_str(got, want, "private keys and YAML blocks under secret keys are masked whole");
	is_int(len, strlen(want), "the length is reported");
	free(got);
	got = cc_mask_text("", 0, &len);
	ok(got && len == 0 && *got == '\0', "an empty text is an empty string");
	free(got);
}

static void test_files(void)
{
	static const char *const secret[] = {"nginx/.htpasswd",
					     "/config/nginx/.htpasswd",
					     "keys/cert.key",
					     "dhparams.pem",
					     ".env",
					     "app/.env.production",
					     ".ssh/config",
					     "secrets/db",
					     "id_ed25519",
					     "credentials.json",
					     "x.htpasswd.bak",
					     "cert.key.sample",
					     "store.p12",
					     "vpn/client.ovpn",
					     ".git-credentials"};
	static const char *const plain[] = {
	    "nginx/nginx.conf",	       "keys/cert.crt",
	    "id_ed25519.pub",	       "nginx/site-confs/default.conf",
	    "environment.conf",	       "keymap.conf",
	    "dns-conf/cloudflare.ini", "secret-santa.txt"};
	size_t i;

	for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
		is_int(cc_mask_file_is_secret(secret[i]), 1, "never shown: %s", secret[i]);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		is_int(cc_mask_file_is_secret(plain[i]), 0, "may be shown: %s", plain[i]);
	is_int(cc_mask_file_is_secret(NULL), 0, "NULL is no secret file");
}

static void test_hostile(void)
{
	size_t n = 1 << 20, i, len;
	char *big = malloc(n), *got;
	unsigned int seed = 7;

	for (i = 0; i < n; i++)
		big[i] = "password=\"'x "[i % 13];
	got = cc_mask_line(big, n, &len);
	ok(got != NULL, "a MiB of keys and open quotes is masked");
	free(got);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		big[i] = (char)(seed >> 16);
	}
	got = cc_mask_text(big, n, &len);
	ok(got != NULL, "a MiB of binary junk is masked");
	free(got);
	got = cc_mask_line("password = a\0b", 14, &len);
	ok(got && len == 15 && memcmp(got, "password = ****", 15) == 0,
	   "a NUL byte inside a value is masked with it");
	free(got);
	got = cc_mask_line("key\0= x", 7, &len);
	ok(got && len == 7, "a NUL byte elsewhere stays");
	free(got);
	errno = 0;
	ok(cc_mask_line(NULL, 3, &len) == NULL && errno == EINVAL, "NULL with a length: EINVAL");
	got = cc_mask_line(NULL, 0, NULL);
	ok(got && *got == '\0', "NULL without a length is an empty line");
	free(got);
	free(big);
}

int main(void)
{
	test_lines();
	test_text();
	test_files();
	test_hostile();
	return done_testing();
}
