/* mask.h - hide secrets in reports and diffs meant for pasting. */
#ifndef CC_MASK_H
#define CC_MASK_H

#include <stddef.h>

/*
 * What counts as a secret, erring on the side of masking (when unsure, the value goes and
 * the key stays; brackets, keys, comments and plain values always stay):
 *
 * Keys. A key is a word of letters, digits, `_`, `.` and `-` (`DB_PASSWORD`, `X-Api-Key`,
 * `$api_key`, `apiKey`), split into parts at `_ . -` and at camelCase; a part's trailing
 * digits do not count. A word right after `/` or `.` is part of a path, never a key.
 *   - Strong (its value goes): a part holds password, passwd, passphrase, secret, token,
 *     apikey, apitoken, credential, privatekey, accesskey, secretkey, authkey, authtoken,
 *     webhook or signature (`dbpassword`, `passwordsalt`); or a part is creds,
 *     authorization, dsn, salt, requirepass, masterauth, psk or pwd; or the last part is
 *     pass, pw, auth, cookie, bearer, jwt, sig, otp or totp; or the last part is key or keys
 *     after api, access, secret, private, auth, master, license, encryption, signing,
 *     client, app, consumer, account, session, admin, root, preshared, shared, hmac, tsig,
 *     ssh, gpg, pgp, wireguard, wg, decryption, storage, subscription or service; or it is
 *     `Private-MAC`. A certbot DNS key (`dns_<plugin>_<field>`) is strong unless its field
 *     is server, port, host, region or propagation, or a descriptor: `dns_ionos_prefix` is
 *     half an API key.
 *   - Weak (its value goes unless it is a path of path characters): the last part is key,
 *     keys or private, unless it follows cache, sort, primary, foreign, hash, partition,
 *     routing, lookup, map, group, public or pub.
 *   - By shape only: a key that would be strong but ends in a descriptor (file, path, dir,
 *     zone, cache, name, type, size, length, timeout, ttl, expiry, header, field, param,
 *     format, mode, enabled, required, prompt, policy, realm, algorithm, id, url, uri,
 *     endpoint, min, max, set, request, count, version, domain, seconds, ...): its value
 *     goes only when it looks like a secret (a random run, a known token, a hash), so
 *     `password_file = /run/secrets/db` and `token_type: bearer` stay and `secret_id: 6a1b...`
 *     goes. A webhook or DSN key ending in url, uri or endpoint is strong.
 *   - Never: other keys, and the nginx upstream directives (`proxy_pass`, `fastcgi_pass`, ...).
 *
 * Values after a key. `key = value`, `key: value`, `key=value`, `key => value`,
 * `key := value`, `"key": "value"`, `'key' => 'value'`, `$CONFIG['key'] = 'value'`,
 * `define('KEY', 'value')`, `<key>value</key>`, and in XML `<add key="ApiKey" value="..."/>`
 * or `<setting name="Password">...</setting>` (the name attribute stays, the value goes).
 * `key value` (a space) only where a directive is: the key is the line's first word (after
 * `#`, `;`, `//`, diff and list markers, `export`), or the word after a directive that
 * names a header or variable (`proxy_set_header apikey v;`, `set`, `fastcgi_param`,
 * `add_header`, `SetEnv`, `env`, ...; after `Header set` and `RequestHeader set`), or its
 * second word when the key has `_`, `-`, `$` or a capital, or after `--` or `Bearer`; an
 * operator between stays (`if ($http_x_api_key != "...")`). A strong key without such a
 * value still takes the next word when that word looks random. A quoted value is masked
 * inside its quotes; an unquoted one up to a space, `;`, `,`, `&`, a quote or a closing
 * bracket, except that the value of a line's first key after `=` or `:` runs to the end of
 * the line. An authorization scheme (Bearer, Basic, Token, Digest, Bot, Negotiate, NTLM,
 * ApiKey) stays in front of `****`; a secret URL keeps `scheme://host/` in front of it. A
 * value that opens a structure (`{`, `[`) keeps its brackets and keys; its scalars go but
 * true, false, null and those under a descriptor key (`"type": "basic"`).
 * Kept as they are: an empty value; a reference (`$var`, `${VAR}`, `{{ ... }}`,
 * `%(name)s`, `<placeholder>`); and the mask itself.
 *
 * Shapes, wherever they stand: tokens with a telling prefix (ghp_, gho_, ghu_, ghs_, ghr_,
 * github_pat_, glpat-, gldt-, xoxa-, xoxb-, xoxp-, xoxr-, xoxs-, xoxe-, xapp-, sk_live_,
 * rk_live_, sk-proj-, npm_, hf_, pypi-, dop_v1_, AIza; 20 characters or more), AWS key ids
 * (AKIA, ASIA), JSON web tokens, Telegram bot tokens; password hashes (`$apr1$`, `$2y$`,
 * `$6$`, `$argon2...`, `{SSHA}`, ...), so `user:hash` keeps the user; the body of a key on
 * one line between `-----BEGIN ...-----` and `-----END`. In a URL: the password of its user
 * part (and a user part of 20 characters or more, a token used as a name), the secret path
 * of a Discord, Slack, Teams, Telegram or IFTTT webhook, the value of a secret-looking query
 * key (`sig=`, `X-Amz-Signature=`, `token=`), and any path segment or query value that looks
 * random (20 characters or more of letters, digits, `-_+/=`, with digits and both cases, or
 * 32 hex digits or more).
 */

/*
 * cc_mask_line returns a malloc'd, NUL-terminated copy of the len bytes at line (any bytes;
 * a trailing newline, if any, is kept) with secret values replaced by `****`; its length
 * goes to *outlen when outlen is not NULL. The caller frees it. NULL with errno EINVAL
 * only when line is NULL and len is not 0; running out of memory aborts (alloc.h).
 */
char *cc_mask_line(const char *line, size_t len, size_t *outlen);

/*
 * cc_mask_text does the same for a whole text (a file, not a diff), which has as many lines
 * once masked, and also masks what spans lines, keeping only indentation and brackets:
 *   - the lines of an armoured block (`-----BEGIN ...-----` or `---- BEGIN ... ----` of any
 *     label: PEM, PGP, OpenVPN, SSH2) up to its `-----END` line, when there is one further
 *     down; both markers stay;
 *   - the `Private-Lines: N` lines of a PuTTY key;
 *   - the more-indented lines under a secret YAML key whose value is a block (`password: |`),
 *     and, under one whose value is empty (`secrets:`), the values of its mapping (keys
 *     and list markers stay);
 *   - the continuation lines of a value masked to the end of its line: more indented, or
 *     a random run however indented (an editor wrapped a long key), or after a `\`;
 *   - a structure under a secret key that spans lines, and a JSON value on the line below
 *     its key (`"password":`).
 * Masking is idempotent: masking a masked text again changes nothing.
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
