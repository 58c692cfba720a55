// The one rule table. IDs are stable: never renumber, never reuse; retire a rule by keeping
// its row.
#include <algorithm>

#include "tsimport/diagnostic.h"

namespace tsimport {
namespace {

using S = Severity;
using E = ExitCode;

const std::vector<RuleInfo> kRules = {
    // --- TS1xxx: input ----------------------------------------------------------------
    {"TS1001", "input-unreadable", S::kError, hr::kFileNotFound, E::kUnreadable,
     "the input cannot be read",
     "The file does not exist, cannot be opened (permissions), is a directory where a file is "
     "needed, or reading it failed. Nothing was imported. Check the path and the permissions; "
     "the HRESULT says which (0x80070002 not found, 0x80070005 access denied, 0x80070003 path "
     "not found, 0x8007001E read fault)."},
    {"TS1002", "input-empty", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "the input is empty",
     "The input holds no bytes, or only a byte order mark or white space. ImportSequence "
     "refuses an empty SequenceXML with WBEM_E_INVALID_PARAMETER. Export the task sequence "
     "again."},
    {"TS1003", "encoding-invalid", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "the bytes cannot be decoded",
     "The input is not valid in the encoding it declares or that its first bytes imply (UTF-8 "
     "unless a byte order mark or an XML declaration says otherwise). The message gives the "
     "byte offset, line and column of the first bad byte. Re-save the file as UTF-8, or add an "
     "XML declaration naming its real encoding (for example windows-1252)."},
    {"TS1004", "xml-malformed", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "the input is not well-formed XML",
     "An XML parser cannot read the document: a tag is not closed, tags are mismatched, an "
     "ampersand is not escaped, the file was cut short, or there is more than one root "
     "element. ImportSequence refuses such XML with WBEM_E_INVALID_PARAMETER. Fix the XML at "
     "the line shown (an editor with XML support helps), or export the task sequence again."},
    {"TS1005", "not-a-task-sequence", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "the document is not a task sequence",
     "The document is well-formed XML, but its root element is not one that holds a task "
     "sequence (<sequence>, an SMS_TaskSequencePackage <INSTANCE> (object.xml), or "
     "<SmsTaskSequencePackage>). Pass the exported task sequence itself: the bare sequence "
     "XML, the object.xml of an export, or the export .zip."},
    {"TS1006", "unsupported", S::kError, hr::kNotSupported, E::kUnsupported,
     "recognised but not supported",
     "The input is a task sequence, but in a form tsimport does not import: a schema version "
     "whose major number is not 3 (ConfigMgr writes 3.00 to 3.x), or a wrapper variant that "
     "does not carry the sequence. The message says which."},
    {"TS1007", "schema-file-invalid", S::kError, hr::kInvalidParameter, E::kUsage,
     "a --schema file cannot be used",
     "A file given with --schema is not JSON in the format of the class catalog (an object "
     "with \"actions\", \"conditions\" or \"base_classes\" arrays of classes, each with "
     "\"class\" and \"properties\"). Fix the file; `tsimport --list-classes -f json` shows the "
     "format."},
    {"TS1010", "wrapper-without-sequence", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "a wrapper carries no task sequence",
     "The input is a task sequence package (object.xml of a console export, or the ConfigMgr "
     "2007 <SmsTaskSequencePackage>), but the part that holds the sequence is missing or "
     "empty: no PROPERTY NAME=\"Sequence\", a Sequence without VALUE, an empty VALUE, or no "
     "<SequenceData><sequence>. Export the task sequence again."},
    {"TS1011", "zip-without-task-sequence", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "a zip holds no task sequence",
     "The input is a zip archive, but no member is a task sequence package "
     "(SMS_TaskSequencePackage/<PackageID>/object.xml), as a console or Export-CMTaskSequence "
     "export has. The message lists what the archive holds. Pass the export .zip of a task "
     "sequence."},
    {"TS1012", "zip-corrupt", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "a zip cannot be read",
     "The input starts like a zip archive but cannot be read as one: it is truncated, its "
     "central directory is damaged, a member fails its checksum, or it uses a compression "
     "method the reader does not support. Copy or download the export again."},
    {"TS1013", "zip-limit", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     "a zip exceeds a safety limit",
     "A zip member would expand beyond the size limit or by a ratio no real export has "
     "(a zip bomb), or the archive has more members than an export can have. tsimport stops "
     "reading it rather than exhaust memory. Real exports are far below these limits."},
    {"TS1099", "internal-error", S::kError, hr::kFailed, E::kInternal,
     "tsimport failed internally",
     "tsimport hit a condition it does not handle (for example it ran out of memory). This is "
     "a bug or a resource limit, not a problem of the input as such; please report it with the "
     "input if you can share it."},

    // --- TS2xxx: structure and class definitions ----------------------------------------
    {"TS2001", "unknown-class", S::kError, hr::kInvalidClass, E::kFindings,
     "a step or condition names a class that does not exist",
     "The `type` of a <step>, <subtasksequence> or condition <expression> is not a class the "
     "catalog knows (the 36 built-in actions, MDT's BDD_* actions, the condition classes, and "
     "classes added with --schema), or a ConfigMgr step has no `type` at all. ImportSequence "
     "cannot create an instance of an unknown class and fails with WBEM_E_INVALID_CLASS "
     "(0x80041010). Correct the spelling (the message suggests the closest class), or add the "
     "class of a third-party step with --schema."},
    {"TS2002", "unknown-element", S::kError, hr::kInvalidParameter, E::kFindings,
     "an element or text stands where the format has no place for it",
     "Task sequence XML allows only certain children in each element: <sequence> and <group> "
     "hold <group>, <step>, <subtasksequence> (and <condition>, <referenceList>, "
     "<globalVarList>); a step holds <condition>, <action> and <defaultVarList>; a condition "
     "holds <expression>, <operator> and <osConditionGroup>. Anything else (a misspelled "
     "element, stray text) does not belong to the object model. tsimport keeps it, so that "
     "-f xml writes it back, but ImportSequence would not build it into the object."},
    {"TS2003", "unknown-attribute", S::kWarning, hr::kInvalidParameter, E::kFindings,
     "an attribute is not part of the format",
     "The attribute is not one ConfigMgr or MDT writes on this element. It is kept (and "
     "written back by -f xml) but has no property in the object model, so it has no effect. "
     "Check its spelling."},
    {"TS2004", "unknown-property", S::kWarning, hr::kInvalidProperty, E::kFindings,
     "a variable names a property the class does not define",
     "A <variable> in a step's <defaultVarList> sets its `property`, but the step's class "
     "defines no property of that name. The value is kept; at run time the client still "
     "creates the variable. Check the spelling against `tsimport --list-classes`, or describe "
     "the property with --schema."},
    {"TS2005", "type-mismatch", S::kError, hr::kTypeMismatch, E::kFindings,
     "a value does not convert to its property's WMI type",
     "Booleans are true or false (any case), UInt32 values are decimal numbers from 0 to "
     "4294967295, DateTime values are WMI DMTF text (yyyymmddHHMMSS.ffffff+UUU). A value that "
     "does not convert makes ImportSequence fail with WBEM_E_TYPE_MISMATCH (0x80041005)."},
    {"TS2006", "missing-required", S::kError, hr::kIllegalNull, E::kFindings,
     "a required value is missing",
     "The class marks the property Not_Null (or the format requires the attribute, such as a "
     "step's name), and the input gives no value and the class no default. ImportSequence "
     "fails with WBEM_E_ILLEGAL_NULL (0x80041028). Set the value in the console, or add the "
     "<variable>."},
    {"TS2007", "required-if", S::kError, hr::kIllegalNull, E::kFindings,
     "a value required by another property is missing",
     "RequiredIfNull(P): the property must be set when P is not. RequiredIfNotNull(P): the "
     "property must be set when P is. For example Apply Data Image needs DestinationPartition "
     "when DestinationDisk is set. Set the missing property."},
    {"TS2008", "length-out-of-range", S::kError, hr::kValueOutOfRange, E::kFindings,
     "a string is shorter or longer than its class allows",
     "AllowedLen(min-max) limits the length of a string property: a step or group Name is 1 to "
     "100 characters, a Description 0 to 255. ImportSequence fails with "
     "WBEM_E_VALUE_OUT_OF_RANGE (0x8004102B). Shorten the value."},
    {"TS2009", "value-out-of-range", S::kError, hr::kValueOutOfRange, E::kFindings,
     "a number is outside its ValueRange",
     "ValueRange(min-max) limits a numeric property, for example a disk index 0-99 or an "
     "image index from 1. ImportSequence fails with WBEM_E_VALUE_OUT_OF_RANGE (0x8004102B)."},
    {"TS2010", "value-not-allowed", S::kError, hr::kValueOutOfRange, E::kFindings,
     "a value is not one of the values its property allows",
     "The property allows a fixed set of values (its ValueMap qualifier, or the list of values "
     "its class documents), compared without regard to case because real exports differ in "
     "case (GPT, gpt; PERCENT, Percent). Values that real exports write beyond the "
     "documentation (a Recovery partition, '%' as size unit in MDT) are in the catalog. If a "
     "newer ConfigMgr accepts a value the catalog lacks, add it with --schema."},
    {"TS2011", "invalid-run-in", S::kError, hr::kValueOutOfRange, E::kFindings,
     "runIn is not WinPE, FullOS or WinPEandFullOS",
     "A step's `runIn` attribute is its SupportedEnvironment property, which allows WinPE, "
     "FullOS and WinPEandFullOS only."},
    {"TS2012", "invalid-operator", S::kError, hr::kInvalidParameter, E::kFindings,
     "a condition uses an operator that does not exist",
     "Condition operators (<operator type>) are and, or, not; an OS condition group is or. "
     "Variable and registry conditions compare with exists, notExists, equals, notEquals, "
     "less, lessEqual, greater, greaterEqual (and like, in current branch); file and folder "
     "conditions with the same comparisons; software conditions with AnyVersion or "
     "ThisVersion."},
    {"TS2013", "malformed-condition", S::kError, hr::kInvalidParameter, E::kFindings,
     "a condition is not built the way the condition classes require",
     "A condition holds expressions and operators; an operator holds at least one operand; an "
     "expression names its class in `type` and its fields as <variable name=\"Field\">; an OS "
     "condition group holds OS expression groups. Something here breaks that structure."},
    {"TS2014", "duplicate-property", S::kWarning, hr::kInvalidParameter, E::kFindings,
     "a property is set twice",
     "Two <variable> elements of the same step (or condition) set the same property. The "
     "provider keeps the last one; the other is very likely a mistake from hand editing."},
    {"TS2015", "array-mismatch", S::kError, hr::kInvalidParameter, E::kFindings,
     "an embedded array's count and its elements disagree",
     "Arrays of embedded objects (partitions, packages, applications, adapters) are written "
     "as a count variable (OSDPartitions=2) plus one variable per field of each element "
     "(OSDPartitions0Type...). The count must match the elements present, indexed from 0."},
    {"TS2016", "dialect-mismatch", S::kWarning, hr::kInvalidParameter, E::kFindings,
     "MDT-only markup in a ConfigMgr task sequence",
     "With --target configmgr, MDT-only markup (the root's name and description, a group's "
     "expand attribute or empty <action/>, a step's startIn or successCodes) is reported: "
     "ConfigMgr does not write it and ignores it on import."},
    {"TS2017", "invalid-schema-version", S::kError, hr::kInvalidParameter, E::kFindings,
     "the sequence's version is missing or malformed",
     "The root <sequence> carries the schema version as version=\"3.10\" (ConfigMgr) or "
     "\"3.00\" (MDT, and the SDK default). A value that is not a dotted number cannot be "
     "checked by the client, which refuses to run a sequence whose schema version it does not "
     "expect."},
    {"TS2018", "malformed-rules", S::kError, hr::kInvalidParameter, E::kFindings,
     "the Set Dynamic Variables rules are not well-formed",
     "The Rules property of Set Dynamic Variables holds a nested XML document (escaped inside "
     "the <variable>): <Rules><Rule><condition>...</condition><Variables><Variable Name "
     "IsSecret>value</Variable></Variables></Rule></Rules>. The nested document cannot be read "
     "or has the wrong structure."},
    {"TS2019", "variable-without-property", S::kError, hr::kInvalidParameter, E::kFindings,
     "a step variable has no property attribute",
     "In <defaultVarList>, each <variable> maps to a property of the step's class through its "
     "`property` attribute (its `name` is the run-time variable). Without it the value belongs "
     "to no property."},
};

}  // namespace

const std::vector<RuleInfo>& Rules() { return kRules; }

const RuleInfo* FindRule(std::string_view id) {
  auto it = std::find_if(kRules.begin(), kRules.end(),
                         [&](const RuleInfo& r) { return r.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

}  // namespace tsimport
