#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>

/* SHA-256 with the digest fetched once per process: EVP_sha256() makes every EVP_Digest fetch
   the implementation again (a provider lookup under a lock in OpenSSL 3), which cost about
   10 microseconds per request when hashing a session token. Returns 1 on success. */
static inline int vps_sha256(const void *data, size_t length, unsigned char *out) {
    static EVP_MD *cached;
    EVP_MD *md = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (md == NULL) {
        EVP_MD *fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
        EVP_MD *expected = NULL;
        if (fetched == NULL) return 0;
        if (__atomic_compare_exchange_n(&cached, &expected, fetched, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            md = fetched;
        } else {
            EVP_MD_free(fetched);
            md = expected;
        }
    }
    unsigned int written = 0;
    return EVP_Digest(data, length, out, &written, md, NULL) == 1 && written == 32;
}
