// libxml2 for Swift. libxml2's ICU-enabled headers clash with Foundation's own ICU
// ("'UErrorCode' has different definitions in different modules"); we never call the ICU parts,
// so the flag is dropped before the headers we use are included.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state;
// calling it through a function keeps strict concurrency checking quiet and correct.
static inline void eqms_xml_free(void *pointer) { xmlFree(pointer); }
