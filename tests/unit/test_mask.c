/* test_mask.c - secrets go, everything a helper needs to read stays. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paste/mask.h"
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
    {"webhook = https://discord.com/api/webhooks/1/abc", "webhook = https://discord.com/****"},
    {"webhook = https://hooks.example.com", "webhook = ****"},
    {"dns_cloudflare_email = cloudflare@example.com", "dns_cloudflare_email = ****"},
    /* keys that hold a secret word inside one part, or name it another way */
    {"'dbpassword' => 'hunter2',", "'dbpassword' => '****',"},
    {"'passwordsalt' => 'abcdefg',", "'passwordsalt' => '****',"},
    {"LDAP_BIND_PW=secretpw", "LDAP_BIND_PW=****"},
    {"psk=abc123", "psk=****"},
    {"dns_ionos_prefix = myprefix", "dns_ionos_prefix = ****"},
    {"PresharedKey = abc=", "PresharedKey = ****"},
    {"Private-MAC: 0123abcd", "Private-MAC: ****"},
    {"secret_id = 6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5dAB", "secret_id = ****"},
    {"$CONFIG['ldap']['password'] = 'x';", "$CONFIG['ldap']['password'] = '****';"},
    {"define('DB_PASSWORD', 'wp-secret');", "define('DB_PASSWORD', '****');"},
    {"define( 'AUTH_KEY', 'put your unique phrase here' );", "define( 'AUTH_KEY', '****' );"},
    {"define('NONCE_KEY', '/starts with a slash');", "define('NONCE_KEY', '****');"},
    /* a space before the value, where a directive names a header or variable */
    {"proxy_set_header apikey abc123;", "proxy_set_header apikey ****;"},
    {"RequestHeader set X-Api-Key \"abc\"", "RequestHeader set X-Api-Key \"****\""},
    {"if ($http_x_api_key != \"abc\") { return 403; }",
     "if ($http_x_api_key != \"****\") { return 403; }"},
    {"Header set X-Token AbCdEf0123456789GhIjKlMn", "Header set X-Token ****"},
    /* XML attributes that name a secret in one and hold it in another */
    {"<add key=\"ApiKey\" value=\"s3cr3t\"/>", "<add key=\"ApiKey\" value=\"****\"/>"},
    {"<setting name=\"Password\">pw123</setting>", "<setting name=\"Password\">****</setting>"},
    {"<setting name=\"Token\" serializeAs=\"String\"><value>x1</value></setting>",
     "<setting name=\"Token\" serializeAs=\"String\"><value>****</value></setting>"},
    {"<user name=\"bob\" password=\"x\"/>", "<user name=\"bob\" password=\"****\"/>"},
    /* structures under a secret key: values go, keys and brackets stay */
    {"\"auth\": {\"type\": \"basic\", \"user\": \"bob\", \"password\": \"x\"}",
     "\"auth\": {\"type\": \"basic\", \"user\": \"****\", \"password\": \"****\"}"},
    {"\"secrets\": [\"abc\", 12, true, null],", "\"secrets\": [\"****\", ****, true, null],"},
    {"password: {a: b, c: [d]}", "password: {a: ****, c: [****]}"},
    /* shapes, whatever key they stand under */
    {"admin:$apr1$abcdefgh$0123456789abcdefghijkl", "admin:****"},
    {"bob:$2y$10$abcdefghijklmnopqrstuu0123456789ABCDEFGHIJKLMNOPQRSTU", "bob:****"},
    {"password: $2y$10$abcdefghijklmnopqrstuu0123456789ABCDEFGHIJKLM", "password: ****"},
    {"carol:{SSHA}abcdefghijklmnop==", "carol:****"},
    {"Authorization: Bearer "
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3",
     "Authorization: Bearer ****"},
    {"x eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig y", "x **** y"},
    {"token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "token ****"},
    {"chat 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw here", "chat **** here"},
    {"id ASIAIOSFODNN7EXAMPLE", "id ****"},
    {"gl glpat-abcdefghij0123456789", "gl ****"},
    {"slack xoxb-123456789012-abcdefghijklmnop", "slack ****"},
    {"key AIzaSyA1234567890abcdefghijklmnopqrstu", "key ****"},
    {"x = \"-----BEGIN PRIVATE KEY-----\\nMIIEabc\\n-----END PRIVATE KEY-----\\n\"",
     "x = \"-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----\\n\""},
    {"x = \"---- BEGIN SSH2 PUBLIC KEY ----\\nAAAAB3\\n---- END SSH2 PUBLIC KEY ----\"",
     "x = \"---- BEGIN SSH2 PUBLIC KEY ----****---- END SSH2 PUBLIC KEY ----\""},
    /* URLs whose secret is in the path or the query */
    {"url = https://discord.com/api/webhooks/123456789012345678/AbCdEf",
     "url = https://discord.com/api/webhooks/****"},
    {"https://discordapp.com/api/webhooks/1/x", "https://discordapp.com/api/webhooks/****"},
    {"https://hooks.slack.com/services/T0123/B0456/aBcD3fGh1jKl", "https://hooks.slack.com/****"},
    {"https://acme.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d",
     "https://acme.webhook.office.com/****"},
    {"https://outlook.office.com/webhook/a@b/IncomingWebhook/c",
     "https://outlook.office.com/webhook/****"},
    {"https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage",
     "https://api.telegram.org/bot****"},
    {"https://a.blob.core.windows.net/c/f?sv=2020-08-04&sp=r&sig=AbCd%2B%3D",
     "https://a.blob.core.windows.net/c/f?sv=2020-08-04&sp=r&sig=****"},
    {"https://s3.amazonaws.com/b/k?X-Amz-Credential=AKIAX%2F2013&X-Amz-Signature=0123abcd",
     "https://s3.amazonaws.com/b/k?X-Amz-Credential=****&X-Amz-Signature=****"},
    {"https://example.com/api/AbCdEfGhIjKlMnOp0123456789/x", "https://example.com/api/****/x"},
    {"https://example.com/#access_token=abc", "https://example.com/#access_token=****"},
    {"redis://:pw@redis:6379/0", "redis://:****@redis:6379/0"},
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
    "dns_rfc2136_server = 192.0.2.1",
    "dns_rfc2136_name = keyname.",
    "dns_ionos_endpoint = https://api.hosting.ionos.com",
    "dns_ovh_propagation_seconds = 60",
    "PublicKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
    "'instanceid' => 'oc1234',",
    "define('DB_NAME', 'wordpress');",
    "<add key=\"LogLevel\" value=\"info\"/>",
    "<setting name=\"Theme\">dark</setting>",
    "{\"rest\": \"value\", \"type\": \"service_account\"}",
    "}",
    "],",
    "\"client_id\": \"101234567890123456789\",",
    "rewrite ^/(.*)$ /$1$2 break;",
    "proxy_pass https://api.example.com/v2/users?page=2&sort=name;",
    "proxy_set_header X-Real-IP $remote_addr;",
    "add_header Strict-Transport-Security \"max-age=63072000\" always;",
    "# the password is stored in the file below",
    "# -----BEGIN CERTIFICATE----- goes here",
    "password_file = /run/secrets/db_password",
    "secret_name: MySecret",
    "url: https://hooks.example.com/short/path",
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

struct text_case {
	const char *name, *in, *want;
};

static const struct text_case texts[] = {
    {"a YAML block under a secret key is masked whole",
     "a: 1\r\npassword: |\r\n  line one\r\n\r\n  line two\r\nnext: ok\r\n",
     "a: 1\r\npassword: |\r\n  ****\r\n\r\n  ****\r\nnext: ok\r\n"},
    {"a YAML mapping under a secret key keeps its keys",
     "secrets:\n  db: hunter2\n  - item\n  type: basic\nplain: yes\n",
     "secrets:\n  db: ****\n  - ****\n  type: basic\nplain: yes\n"},
    {"a private key's body goes, its armour stays",
     "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n+abc/def==\n-----END RSA PRIVATE "
     "KEY-----\nafter: 1",
     "-----BEGIN RSA PRIVATE KEY-----\n****\n****\n-----END RSA PRIVATE KEY-----\nafter: 1"},
    {"a PGP key block, headers and blank line too",
     "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF0abc\n=abcd\n-----END PGP "
     "PRIVATE KEY BLOCK-----\n",
     "-----BEGIN PGP PRIVATE KEY BLOCK-----\n****\n\n****\n****\n-----END PGP PRIVATE KEY "
     "BLOCK-----\n"},
    {"an OpenVPN static key",
     "<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\n0123456789abcdef\n-----END OpenVPN Static "
     "key V1-----\n</tls-auth>\n",
     "<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\n****\n-----END OpenVPN Static key "
     "V1-----\n</tls-auth>\n"},
    {"an SSH2 key",
     "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nP2/56wAAAi4AAAA3\n---- END SSH2 ENCRYPTED "
     "PRIVATE KEY ----\n",
     "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n****\n---- END SSH2 ENCRYPTED PRIVATE KEY "
     "----\n"},
    {"a PuTTY key's private lines",
     "Public-Lines: 1\nAAAAC3Nza\nPrivate-Lines: 2\nAAAAIBxyz\nAAAAIBabc\nPrivate-MAC: 0123\n",
     "Public-Lines: 1\nAAAAC3Nza\nPrivate-Lines: 2\n****\n****\nPrivate-MAC: ****\n"},
    {"an armour opened in prose ends at the first line of prose",
     "# -----BEGIN CERTIFICATE----- goes here\nserver {\n    listen 443;\n}\n",
     "# -----BEGIN CERTIFICATE----- goes here\nserver {\n    listen 443;\n}\n"},
    {"a masked value's indented continuation goes with it",
     "dns_rfc2136_secret = 4q4wM/2I180UXoMy\n  N4ldBnvbuYxuIAbcdEf==\ndns_rfc2136_port = 53\n",
     "dns_rfc2136_secret = ****\n  ****\ndns_rfc2136_port = 53\n"},
    {"and so does a wrapped one that is not indented",
     "secret = 4q4wM/2I180UXoMy\nN4ldBnvbuYxuIAbcdEfGhiJk==\nport = "
     "53\nAbCdEfGhIjKlMnOp0123456789\n",
     "secret = ****\n****\nport = 53\nAbCdEfGhIjKlMnOp0123456789\n"},
    {"a backslash goes on in the next line", "password = abc\\\ndef\nnext = 1\n",
     "password = ****\n****\nnext = 1\n"},
    {"a structure under a secret key spans lines",
     "{\n  \"credentials\": {\n    \"user\": \"bob\",\n    \"list\": [\n      \"a\", 1, true\n    "
     "]\n  },\n  \"after\": \"shown\"\n}\n",
     "{\n  \"credentials\": {\n    \"user\": \"****\",\n    \"list\": [\n      \"****\", ****, "
     "true\n    ]\n  },\n  \"after\": \"shown\"\n}\n"},
    {"a JSON value on the line below its key",
     "  \"secret\":\n    \"x\",\n  \"rest\": \"value\"\n}\n",
     "  \"secret\":\n    \"****\",\n  \"rest\": \"value\"\n}\n"},
    {"JSON never loses a key or a bracket",
     "{\n  \"auth\": {\n    \"rest\": \"x\"\n  },\n  \"password\":\n  {\n  }\n}\n",
     "{\n  \"auth\": {\n    \"rest\": \"****\"\n  },\n  \"password\":\n  {\n  }\n}\n"},
};

static void test_text(void)
{
	size_t i, len = 0, len2, bad = 0;
	char *got, *again;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		got = cc_mask_text(texts[i].in, strlen(texts[i].in), &len);
		is_str(got, texts[i].want, "%s", texts[i].name);
		is_int(len, strlen(texts[i].want), "and its length is reported");
		again = cc_mask_text(got, len, &len2);
		bad += !again || len2 != len || memcmp(again, got, len) != 0;
		free(again);
		free(got);
	}
	is_int(bad, 0, "masking a text twice changes nothing more");
	got = cc_mask_text("", 0, &len);
	ok(got && len == 0 && *got == '\0', "an empty text is an empty string");
	free(got);
}

static void test_files(void)
{
	static const char *const secret[] = {
	    "nginx/.htpasswd",	   "backup/server.ppk", "/config/nginx/.htpasswd",
	    "keys/cert.key",	   "dhparams.pem",	".env",
	    "app/.env.production", ".ssh/config",	"secrets/db",
	    "id_ed25519",	   "credentials.json",	"x.htpasswd.bak",
	    "cert.key.sample",	   "store.p12",		"vpn/client.ovpn",
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
