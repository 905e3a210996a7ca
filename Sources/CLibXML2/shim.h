#ifndef HARK_CLIBXML2_SHIM_H
#define HARK_CLIBXML2_SHIM_H

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

#endif
