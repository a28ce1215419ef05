/*
 * p4ts.p4: the externs p4ts adds to v1model for work that may run on a co-processor.
 *
 * Every call of an extern declared @async here is an *extern site*: in `sync` mode it runs at
 * the call (on the main thread, or offloaded while the main thread waits); in `context` and
 * `longjump` modes the packet is set aside while the co-processor works, other packets are
 * served, and the packet carries on right after the call when its result is back.
 *
 * Payload operations act on the packet's payload: the bytes after everything the parser
 * extracted. `offset` counts from the start of the payload. Keys and security associations
 * live in the control plane, under the index the program passes (entries JSON:
 * "p4ts_security_associations" and "p4ts_keys"; STF: `p4ts_sa` and `p4ts_key`).
 *
 * An operation that fails (an ICV that does not match, an unknown SPI, a payload too short)
 * ends the packet, dropped with the failure as its reason.
 */
#ifndef P4TS_P4
#define P4TS_P4

/*
 * IPsec ESP tunnel mode (RFC 4303) for IPv4. esp_encapsulate treats the payload as the inner
 * IPv4 packet and replaces it with the outer IPv4 header, the ESP header, the IV, the encrypted
 * inner packet with its padding and trailer, and the ICV, using security association
 * `sa_index` (suite, keys, SPI, tunnel endpoints, sequence numbers, IV mode).
 * esp_decapsulate does the reverse for a payload that is an ESP packet (the SA is found by the
 * packet's SPI), leaving the inner IPv4 packet as the payload.
 */
@async extern void esp_encapsulate(in bit<32> sa_index);
@async extern void esp_decapsulate();

/*
 * AES-128-CBC over payload[offset..] with key `key_index` (its key and IV). Encryption pads
 * to whole blocks (PKCS#7), so the payload grows by 1 to 16 bytes; decryption removes it.
 */
@async extern void aes_encrypt_payload(in bit<32> key_index, in bit<16> offset);
@async extern void aes_decrypt_payload(in bit<32> key_index, in bit<16> offset);

/*
 * HMAC-MD5-96 of payload[offset..] with key `key_index`: hmac_append adds the 12-byte tag at
 * the end of the payload; hmac_verify checks and removes it.
 */
@async extern void hmac_append(in bit<32> key_index, in bit<16> offset);
@async extern void hmac_verify(in bit<32> key_index, in bit<16> offset);

/*
 * A task that costs `cycles` CPU cycles (at a nominal 3 GHz) and leaves the packet unchanged:
 * the paper's stand-in for any co-processor function.
 */
@async extern void burn(in bit<32> cycles);

#endif
