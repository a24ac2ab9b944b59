/* mask.h - hide secrets in reports and diffs meant for pasting. */
#ifndef CC_MASK_H
#define CC_MASK_H

#include <stddef.h>

/*
 * What counts as a secret, erring on the side of masking:
 *
 * A key is a word of letters, digits, `_`, `.` and `-` (`DB_PASSWORD`, `X-Api-Key`,
 * `$api_key`, `apiKey`), split into parts at `_ . -` and at camelCase; a part's trailing
 * digits do not count. A word right after `/` or `.` is part of a path, never a key.
 *
 * Not secret, whatever else it holds: a key whose last part describes the secret rather
 * than being it (file, path, dir, zone, cache, name, type, size, length, timeout, ttl,
 * expiry, header, field, param, format, mode, enabled, required, prompt, policy, realm,
 * algorithm, id, url, uri, endpoint, min, max, set, request, count, version, domain, ...),
 * and the nginx upstream directives (`proxy_pass`, `fastcgi_pass`, `grpc_pass`, ...).
 *
 * Secret (strong) when
 *   - any part is password, passwd, passphrase, secret(s), token(s), apikey, apitoken,
 *     credential(s), creds, authorization, privatekey, accesskey, secretkey, authkey,
 *     authtoken, webhook, dsn, salt, requirepass or masterauth; or
 *   - the last part is pass, pwd, auth, cookie, bearer or jwt; or
 *   - the last part is key or keys after api, access, secret, private, auth, master,
 *     license, encryption, signing, client, app, consumer, account, session, admin, root.
 * Secret (weak: a path value stays, see below) when the last part is key, keys or private,
 * unless it follows cache, sort, primary, foreign, hash, partition, routing, lookup, map
 * or group (`proxy_cache_key` is a template, not a secret).
 *
 * The value after a secret key goes, the key and the punctuation stay:
 *   `key = value`, `key: value`, `key=value`, `key => value`, `key := value` anywhere;
 *   `"key": "value"` and `'key': 'value'`; `<key>value</key>`;
 *   `key value` (whitespace) only where a directive is: the key is the line's first word
 *   (after `#`, `;`, `//`, diff and list markers, `export`), or its second when the key has
 *   `_`, `-`, `$` or a capital (`set $api_key abc;`, `proxy_set_header X-Api-Key abc;`,
 *   `fastcgi_param DB_PASSWORD x;`), or after `--` (`--password x`), or after `Bearer`.
 * A quoted value is masked inside its quotes; an unquoted one up to a space, `;`, `,`, `&`,
 * a quote or a closing bracket, except that the value of a line's first key after `=` or
 * `:` runs to the end of the line (`password = two words`). An authorization scheme
 * (Bearer, Basic, Token, Digest, Bot, Negotiate, NTLM, ApiKey) stays in front of `****`:
 * `proxy_set_header Authorization "Bearer ****";`.
 *
 * Kept as they are: an empty value; a reference (`$var`, `${VAR}`, `{{ ... }}`,
 * `%(name)s`, `<placeholder>`); and, for a weak key only, a path (`/...`, `./...`,
 * `../...`, `~/...`), so `ssl_certificate_key /config/keys/cert.key;` stays readable.
 *
 * Also masked anywhere: the password of a URL (`https://user:****@host`, and the whole
 * user part when it is 20 characters or more, as a token used as a user name is), and
 * tokens with a well-known prefix (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_, glpat-,
 * xoxa-, xoxb-, xoxp-, xoxr-, xoxs-, AKIA).
 */

/*
 * cc_mask_line returns a malloc'd, NUL-terminated copy of the len bytes at line (any bytes;
 * a trailing newline, if any, is kept) with secret values replaced by `****`; its length
 * goes to *outlen when outlen is not NULL. The caller frees it. NULL with errno ENOMEM
 * when memory runs out, or EINVAL when line is NULL and len is not 0.
 */
char *cc_mask_line(const char *line, size_t len, size_t *outlen);

/*
 * cc_mask_text does the same for many lines, and also masks what spans lines: every line
 * between `-----BEGIN ... PRIVATE KEY-----` and its `-----END` line (a diff's leading
 * `+`, `-` or space stays), and the more-indented lines under a secret key whose value is
 * a YAML block (`password: |`) or empty.
 */
char *cc_mask_text(const char *text, size_t len, size_t *outlen);

/*
 * cc_mask_file_is_secret returns 1 when the file at path (relative or absolute; only its
 * name and folder names are looked at) must never be shown at all, 0 otherwise (also for
 * NULL). Secret: a name ending in .key, .pem, .p12, .pfx, .jks, .keystore, .kdbx, .ovpn
 * or .htpasswd; the names htpasswd, .env and .env.*, .netrc, .pgpass, .git-credentials,
 * credentials, credentials.json, secrets and secrets.* , shadow, gshadow, id_rsa, id_dsa,
 * id_ecdsa, id_ed25519 (their .pub is public); anything under a folder named secrets,
 * credentials, private, .ssh or .gnupg. A trailing .sample, .bak, .old, .orig, .dpkg-old,
 * .dpkg-dist or ~ does not hide a secret name.
 */
int cc_mask_file_is_secret(const char *path);

#endif
