// OpenLDAP's client library (libldap, Debian's libldap-dev) for Swift. Swift imports plain integer
// macros such as LDAP_SUCCESS, but not those that are pointers (LDAP_OPT_ON, LDAP_SASL_SIMPLE) nor
// the options whose value is the address of an int or a struct timeval: the functions below take
// plain values instead, so the Swift side never builds a void pointer by hand.
#include <lber.h>
#include <ldap.h>
#include <string.h>
#include <sys/time.h>

/// Sets an option whose value is an int (LDAP_OPT_PROTOCOL_VERSION, LDAP_OPT_X_TLS_REQUIRE_CERT…).
static inline int eqms_ldap_set_int(LDAP *ld, int option, int value) {
    return ldap_set_option(ld, option, &value);
}

/// Sets an option whose value is a string (LDAP_OPT_X_TLS_CACERTFILE…).
static inline int eqms_ldap_set_string(LDAP *ld, int option, const char *value) {
    return ldap_set_option(ld, option, value);
}

/// Sets an option whose value is a struct timeval (LDAP_OPT_NETWORK_TIMEOUT, LDAP_OPT_TIMEOUT).
static inline int eqms_ldap_set_seconds(LDAP *ld, int option, int seconds) {
    struct timeval value = {.tv_sec = seconds, .tv_usec = 0};
    return ldap_set_option(ld, option, &value);
}

/// Turns referral chasing on or off: LDAP_OPT_ON and LDAP_OPT_OFF are pointers.
static inline int eqms_ldap_set_referrals(LDAP *ld, int on) {
    return ldap_set_option(ld, LDAP_OPT_REFERRALS, on ? LDAP_OPT_ON : LDAP_OPT_OFF);
}

/// Requires the server's certificate to chain to `caFile` (LDAP_OPT_X_TLS_DEMAND), then builds the
/// handle's own TLS context: options set on a handle apply only once LDAP_OPT_X_TLS_NEWCTX is set.
static inline int eqms_ldap_require_certificate(LDAP *ld, const char *caFile) {
    int demand = LDAP_OPT_X_TLS_DEMAND;
    int result = ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    if (result != LDAP_OPT_SUCCESS) return result;
    result = ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, caFile);
    if (result != LDAP_OPT_SUCCESS) return result;
    int client = 0;
    return ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &client);
}

/// The result code left on the handle by the last operation (after a failed StartTLS, for example).
static inline int eqms_ldap_result_code(LDAP *ld) {
    int code = LDAP_OTHER;
    ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
    return code;
}

/// The diagnostic message left on the handle, or NULL; free it with ldap_memfree.
static inline char *eqms_ldap_diagnostic(LDAP *ld) {
    char *message = NULL;
    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message);
    return message;
}

/// A simple bind (LDAP_SASL_SIMPLE is a null pointer Swift cannot name), synchronous.
static inline int eqms_ldap_simple_bind(LDAP *ld, const char *dn, const char *password, size_t length) {
    struct berval credentials = {.bv_len = length, .bv_val = (char *)password};
    return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
}

/// LDAP_SCOPE_SUBTREE is a cast, which Swift does not import.
static inline int eqms_ldap_scope_subtree(void) { return LDAP_SCOPE_SUBTREE; }

/// The port of an LDAP URL, or 0 when it names none (or is not an LDAP URL).
static inline int eqms_ldap_url_port(const char *url, char *host, size_t hostSize) {
    LDAPURLDesc *description = NULL;
    if (ldap_url_parse(url, &description) != LDAP_URL_SUCCESS || description == NULL) return -1;
    int port = description->lud_port;
    if (host != NULL && hostSize > 0) {
        host[0] = 0;
        if (description->lud_host != NULL) {
            size_t length = strlen(description->lud_host);
            if (length < hostSize) memcpy(host, description->lud_host, length + 1);
        }
    }
    ldap_free_urldesc(description);
    return port;
}
