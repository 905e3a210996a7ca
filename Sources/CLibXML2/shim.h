#ifndef HARK_CLIBXML2_SHIM_H
#define HARK_CLIBXML2_SHIM_H

// libxml2 on Debian is built with ICU, and its encoding.h then includes ICU's <unicode/ucnv.h>.
// Foundation carries its own, newer ICU headers (module _FoundationICU) whose `UErrorCode` has
// more members; a Swift file importing both modules fails to build (ODR mismatch), depending on
// which module clang happens to build first. Hark never uses libxml2's ICU converters nor reads
// the fields of `xmlCharEncodingHandler` (whose layout this changes), so the ICU part of the
// headers is switched off here, before any other libxml2 header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#include <libxml/SAX2.h>

// `xmlFree` is a global function-pointer variable, which Swift 6 rejects as not
// concurrency-safe; call it through this wrapper instead.
static inline void hark_xml_free(void *pointer) {
    xmlFree(pointer);
}

// --- Safe streaming XML reading (HarkXML.XMLStreamReader, issue 3). ---

// libxml2 reports errors that have no parser context (encoding handlers, memory) through the
// calling thread's generic and structured handlers, which print to stderr by default. A C variadic
// handler cannot be written in Swift, so the silent ones live here.
static inline void hark_xml_silent_generic(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void hark_xml_silent_structured(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

/// Silences libxml2's context-free error reports on the calling thread (its handlers are per thread).
static inline void hark_xml_silence_thread(void) {
    xmlSetGenericErrorFunc(NULL, hark_xml_silent_generic);
    xmlSetStructuredErrorFunc(NULL, hark_xml_silent_structured);
}

static inline xmlParserInputPtr hark_xml_refuse_external(const char *url, const char *id,
                                                         xmlParserCtxtPtr context) {
    (void)url;
    (void)id;
    (void)context;
    return NULL;
}

/// Makes every external entity, DTD or XInclude load fail, process wide (defence in depth: the
/// reader never asks for one).
static inline void hark_xml_refuse_external_entities(void) {
    xmlSetExternalEntityLoader(hark_xml_refuse_external);
}

/// In recovery mode libxml2 drops every later entity reference (even `&amp;`) once the document is
/// known not to be well-formed; the reader records errors itself and clears the flag.
static inline int hark_xml_take_not_well_formed(xmlParserCtxtPtr context) {
    if (context->wellFormed) return 0;
    context->wellFormed = 1;
    return 1;
}

/// Whether the parser is reading an attribute value (entity references there are copied, not reported).
static inline int hark_xml_in_attribute_value(xmlParserCtxtPtr context) {
    return context->instate == XML_PARSER_ATTRIBUTE_VALUE;
}

static inline xmlDictPtr hark_xml_dictionary(xmlParserCtxtPtr context) {
    return context->dict;
}

/// Whether the parser is inside the DTD (the internal subset), which the reader never uses.
static inline int hark_xml_in_subset(xmlParserCtxtPtr context) {
    return context->inSubset != 0;
}

#endif
