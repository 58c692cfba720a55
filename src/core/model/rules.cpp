// The one rule table. IDs are stable: never renumber, never reuse; retire a rule by keeping
// its row.
#include <algorithm>
#include <cctype>

#include "model/text.h"
#include "tsimport/diagnostic.h"

namespace tsimport {
namespace {

using S = Severity;
using E = ExitCode;
using V = Evidence;

const std::vector<RuleInfo> kRules = {
    // --- TS1xxx: input ----------------------------------------------------------------
    {"TS1001", "input-unreadable", S::kError, hr::kFileNotFound, E::kUnreadable, V::kInput,
     "the input cannot be read",
     "The file does not exist, cannot be opened (permissions), is a directory where a file is "
     "needed, or reading it failed. Nothing was imported. Check the path and the permissions; "
     "the HRESULT says which (0x80070002 not found, 0x80070005 access denied, 0x80070003 path "
     "not found, 0x8007001E read fault)."},
    {"TS1002", "input-empty", S::kError, hr::kInvalidParameter, E::kNotTaskSequence, V::kInput,
     "the input is empty",
     "The input holds no bytes, or only a byte order mark or white space. ImportSequence "
     "refuses an empty SequenceXML with WBEM_E_INVALID_PARAMETER. Export the task sequence "
     "again."},
    {"TS1003", "encoding-invalid", S::kError, hr::kInvalidParameter, E::kNotTaskSequence, V::kInput,
     "the bytes cannot be decoded",
     "The input is not valid in the encoding it declares or that its first bytes imply (UTF-8 "
     "unless a byte order mark or an XML declaration says otherwise), or its XML declaration "
     "names an encoding that contradicts the bytes (utf-16 on 8-bit text, another label after "
     "a byte order mark) or that tsimport does not decode; the message names the label. For "
     "bad bytes it gives the byte offset, line and column of the first one. Re-save the file "
     "as UTF-8, or make the XML declaration name its real encoding (for example "
     "windows-1252)."},
    {"TS1004", "xml-malformed", S::kError, hr::kInvalidParameter, E::kNotTaskSequence, V::kXml,
     "the input is not well-formed XML",
     "The document is not well-formed XML 1.0, which ImportSequence's parser (System.Xml) "
     "requires: a tag is not closed, tags are mismatched, an '&' or '<' is not escaped, the "
     "file was cut short, there is more than one root element or text outside it, a character "
     "XML does not allow (a control character pasted from elsewhere), a name with a character "
     "names may not hold, '--' inside a comment, or an XML declaration that is malformed or "
     "not at the very start. ImportSequence refuses such XML with WBEM_E_INVALID_PARAMETER. "
     "Fix the XML at the line and column shown (an editor with XML support helps), or export "
     "the task sequence again."},
    {"TS1005", "not-a-task-sequence", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     V::kInput, "the document is not a task sequence",
     "The document is well-formed XML, but its root element is not one that holds a task "
     "sequence (<sequence>, an SMS_TaskSequencePackage <INSTANCE> (object.xml), or "
     "<SmsTaskSequencePackage>). Pass the exported task sequence itself: the bare sequence "
     "XML, the object.xml of an export, or the export .zip."},
    {"TS1006", "unsupported", S::kError, hr::kNotSupported, E::kUnsupported, V::kInput,
     "recognised but not supported",
     "The input is a task sequence, but in a form tsimport does not import: a schema version "
     "whose major number is not 3 (ConfigMgr writes 3.00 to 3.x), or a wrapper variant that "
     "does not carry the sequence. The message says which."},
    {"TS1007", "schema-file-invalid", S::kError, hr::kInvalidParameter, E::kUsage, V::kInput,
     "a --schema file cannot be used",
     "A file given with --schema is not JSON in the format of the class catalog (an object "
     "with \"actions\", \"conditions\" or \"base_classes\" arrays of classes, each with "
     "\"class\" and \"properties\"). Fix the file; `tsimport --list-classes -f json` shows the "
     "format."},
    {"TS1008", "nothing-to-check", S::kError, 0, E::kNothingToCheck, V::kInput,
     "nothing to check: the folders given hold no task sequence file",
     "Every input was a folder to walk (-r), and none of them holds a *.xml or *.zip file, so "
     "the run checked nothing. A CI gate that checks nothing must not pass as if everything "
     "were fine: the path is wrong, the checkout is incomplete, or the exports were renamed. "
     "Check the folder and the working directory; when an empty folder is expected (a "
     "repository that has no exports yet), pass --allow-empty, which makes such a run exit 0."},
    {"TS1010", "wrapper-without-sequence", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     V::kInput, "a wrapper carries no task sequence",
     "The input is a task sequence package (object.xml of a console export, or the ConfigMgr "
     "2007 <SmsTaskSequencePackage>), but the part that holds the sequence is missing or "
     "empty: no PROPERTY NAME=\"Sequence\", a Sequence without VALUE, an empty VALUE, or no "
     "<SequenceData><sequence>. Export the task sequence again."},
    {"TS1011", "zip-without-task-sequence", S::kError, hr::kInvalidParameter, E::kNotTaskSequence,
     V::kInput, "a zip holds no task sequence",
     "The input is a zip archive, but no member is a task sequence package "
     "(SMS_TaskSequencePackage/<PackageID>/object.xml), as a console or Export-CMTaskSequence "
     "export has. The message lists what the archive holds. Pass the export .zip of a task "
     "sequence."},
    {"TS1012", "zip-corrupt", S::kError, hr::kInvalidParameter, E::kNotTaskSequence, V::kInput,
     "a zip cannot be read",
     "The input starts like a zip archive but cannot be read as one: it is truncated, its "
     "central directory is damaged, a member fails its checksum, or it uses a compression "
     "method the reader does not support. Copy or download the export again."},
    {"TS1013", "zip-limit", S::kError, hr::kInvalidParameter, E::kNotTaskSequence, V::kInput,
     "a zip exceeds a safety limit",
     "A zip member would expand beyond the size limit (that of one input, 256 MiB by default), "
     "the task sequences of the archive beyond 512 MiB in all, or a member by a ratio over 1000 "
     "to its compressed size, which no real export has (a zip bomb); or the archive has more "
     "than 10,000 members. Sizes are checked as declared and again as the member is really "
     "expanded, since a declared size can lie. tsimport stops reading it rather than exhaust "
     "memory. Real exports are far below these limits."},
    {"TS1014", "input-too-large", S::kError, hr::kNotSupported, E::kUnsupported, V::kInput,
     "the input is larger than the input size limit",
     "tsimport reads at most 256 MiB of one input (a file, standard input, a zip member) by "
     "default; --max-input-size changes the limit. Real task sequences are a few MB at most "
     "(ConfigMgr itself refuses much smaller ones), so a larger input is damaged, not a task "
     "sequence, or hostile. The input is not read past the limit. If it is genuine, raise the "
     "limit."},
    {"TS1015", "nesting-too-deep", S::kError, hr::kNotSupported, E::kUnsupported, V::kInput,
     "elements are nested deeper than the limit",
     "A document nests elements more than 64 deep (the sequence inside object.xml and the Set "
     "Dynamic Variables rules count as documents of their own). Real task sequences nest about "
     "15 deep; a deep nest of groups or conditions is what a hostile file uses to exhaust the "
     "stack of a recursive reader. tsimport refuses it before building anything. The XML parser "
     "itself stops at 98."},
    {"TS1016", "dtd-not-allowed", S::kError, hr::kInvalidParameter, E::kNotTaskSequence, V::kXml,
     "the document has a DTD (<!DOCTYPE>)",
     "Task sequence XML has no document type declaration, and ImportSequence's parser refuses "
     "one. A DTD is what entity expansion (the billion laughs) and external entities (reading "
     "local files or fetching URLs) need, so tsimport refuses the document at the declaration: "
     "it never expands an entity and never fetches anything. Remove the <!DOCTYPE ...> "
     "declaration (and any references to the entities it declared)."},
    {"TS1017", "value-too-large", S::kError, hr::kNotSupported, E::kUnsupported, V::kInput,
     "an attribute value or a text is larger than the limit",
     "One attribute value may hold at most 16 MiB, one text (character data or a CDATA section) "
     "64 MiB; object.xml holds the whole sequence as one text, which stays far below. Larger "
     "values are not found in real task sequences and would multiply memory as they are "
     "copied into the model and the outputs, so the document is refused."},
    {"TS1018", "too-many-nodes", S::kError, hr::kNotSupported, E::kUnsupported, V::kInput,
     "the document has more elements or attributes than the limit",
     "A document may have at most 4,000,000 elements and attributes in all, and an element at "
     "most 256 attributes. The largest real task sequences have tens of thousands of elements "
     "and elements carry a dozen attributes; beyond the limits, reading the document would take "
     "memory and time out of proportion (duplicate attributes are checked pairwise), so it is "
     "refused."},
    {"TS1099", "internal-error", S::kError, hr::kFailed, E::kInternal, V::kInput,
     "tsimport failed internally",
     "tsimport hit a condition it does not handle (for example it ran out of memory). This is "
     "a bug or a resource limit, not a problem of the input as such; please report it with the "
     "input if you can share it."},

    // --- TS2xxx: structure and class definitions ----------------------------------------
    {"TS2001", "unknown-class", S::kError, hr::kInvalidClass, E::kFindings, V::kClass,
     "a step or condition names a class that does not exist",
     "The `type` of a <step>, <subtasksequence> or condition <expression> is not a class the "
     "catalog knows (the 36 built-in actions, MDT's BDD_* actions, the condition classes, and "
     "classes added with --schema), or a ConfigMgr step has no `type` at all. ImportSequence "
     "cannot create an instance of an unknown class and fails with WBEM_E_INVALID_CLASS "
     "(0x80041010). Correct the spelling (the message suggests the closest class), or add the "
     "class of a third-party step with --schema. One exception: in the rules of Set Dynamic "
     "Variables, a ConditionExpression class that is no misspelling of a known one is a warning, "
     "because the class of one rule kind (location) is the catalog's reading, not seen in an "
     "export."},
    {"TS2002", "unknown-element", S::kError, hr::kInvalidParameter, E::kFindings, V::kReading,
     "an element or text stands where the format has no place for it",
     "Task sequence XML allows only certain children in each element: <sequence> and <group> "
     "hold <group>, <step>, <subtasksequence> (and <condition>, <referenceList>, "
     "<globalVarList>); a step holds <condition>, <action> and <defaultVarList>; a condition "
     "holds <expression>, <operator> and <osConditionGroup>. Anything else (a misspelled "
     "element, stray text) does not belong to the object model. tsimport keeps it, so that "
     "-f xml writes it back, but ImportSequence would not build it into the object. Nothing "
     "shows that ImportSequence refuses such markup, so this is a warning (an error with "
     "--strict); in an MDT task sequence it is a warning even with --strict, since MDT ignores "
     "it (its own VHDClient.xml template has an <expression> directly inside a <step>)."},
    {"TS2003", "unknown-attribute", S::kWarning, hr::kInvalidParameter, E::kFindings, V::kReading,
     "an attribute is not part of the format",
     "The attribute is not one ConfigMgr or MDT writes on this element. It is kept (and "
     "written back by -f xml) but has no property in the object model, so it has no effect. "
     "Check its spelling."},
    {"TS2004", "unknown-property", S::kWarning, hr::kInvalidProperty, E::kFindings, V::kReading,
     "a variable names a property the class does not define",
     "A <variable> in a step's <defaultVarList> sets its `property`, but the step's class "
     "defines no property of that name. The value is kept; at run time the client still "
     "creates the variable. Check the spelling against `tsimport --list-classes`, or describe "
     "the property with --schema."},
    {"TS2005", "type-mismatch", S::kError, hr::kTypeMismatch, E::kFindings, V::kType,
     "a value does not convert to its property's WMI type",
     "Booleans are true or false (any case), UInt32 values are decimal numbers from 0 to "
     "4294967295, DateTime values are WMI DMTF text (yyyymmddHHMMSS.ffffff+UUU). A value that "
     "does not convert makes ImportSequence fail with WBEM_E_TYPE_MISMATCH (0x80041005). An "
     "empty value is not converted: it is unset, as ConfigMgr writes a property it does not "
     "set (so is a number or Boolean that is only white space). Where the catalog's type is "
     "its own reading of observed values (MDT's BDD_* steps, properties seen only in exports), "
     "a value that does not convert is a warning (an error with --strict)."},
    {"TS2006", "missing-required", S::kError, hr::kIllegalNull, E::kFindings, V::kQualifier,
     "a required value is missing",
     "The class marks the property Not_Null (or the format requires the attribute, such as a "
     "step's name), and the input has no element for it and the class no default. "
     "ImportSequence fails with WBEM_E_ILLEGAL_NULL (0x80041028). An empty element is not "
     "missing: ConfigMgr writes Not_Null properties it leaves unset that way (the CommandLine "
     "of a placeholder Run Command Line, a cleared Set Task Sequence Variable) and imports "
     "them again. Where only the documentation's prose says a property is required, this is a "
     "warning (an error with --strict). Set the value in the console, or add the <variable>."},
    {"TS2007", "required-if", S::kError, hr::kIllegalNull, E::kFindings, V::kQualifier,
     "a value required by another property is missing",
     "RequiredIfNull(P): the property must be set when P is not. RequiredIfNotNull(P): the "
     "property must be set when P is. For example Apply Data Image needs DestinationPartition "
     "when DestinationDisk is set. An empty element neither makes the requirement (P written "
     "empty is not set for RequiredIfNotNull, and counts as given for RequiredIfNull, as real "
     "exports of Upgrade Operating System show) nor fails it. Set the missing property."},
    {"TS2008", "length-out-of-range", S::kError, hr::kValueOutOfRange, E::kFindings, V::kQualifier,
     "a string is shorter or longer than its class allows",
     "AllowedLen(min-max) limits the length of a string property: a step or group Name is 1 to "
     "100 characters, a Description 0 to 255. ImportSequence fails with "
     "WBEM_E_VALUE_OUT_OF_RANGE (0x8004102B). Shorten the value. An empty element has no "
     "length: it is unset (a workgroup name of AllowedLen(1-32) left empty on a domain join "
     "imports); a name=\"\" attribute is a name of 0 characters."},
    {"TS2009", "value-out-of-range", S::kError, hr::kValueOutOfRange, E::kFindings, V::kQualifier,
     "a number is outside its ValueRange",
     "ValueRange(min-max) limits a numeric property, for example a disk index 0-99 or an "
     "image index from 1. ImportSequence fails with WBEM_E_VALUE_OUT_OF_RANGE (0x8004102B). "
     "An empty element is unset and has no value to check."},
    {"TS2010", "value-not-allowed", S::kError, hr::kValueOutOfRange, E::kFindings, V::kQualifier,
     "a value is not one of the values its property allows",
     "A ValueMap qualifier in the class's MOF limits a property to its values: any other value "
     "is an error (ImportSequence fails with WBEM_E_VALUE_OUT_OF_RANGE, 0x8004102B). Most lists "
     "of possible values are only prose in the SDK pages, which lag the product (Enable "
     "BitLocker writes CreateRecoveryPassword=ConfigMgr since ConfigMgr 2203; the page lists "
     "None and AD): a value outside such a list is a warning that names the documented values "
     "and says a newer ConfigMgr may accept it (an error with --strict). Values are compared "
     "without regard to case because real exports differ in case (GPT, gpt; PERCENT, "
     "Percent); values that real exports write beyond the documentation are in the catalog "
     "with their source and release (tsimport --list-classes). An empty element is unset. If "
     "a newer ConfigMgr writes a value the catalog lacks, add it with --schema."},
    {"TS2011", "invalid-run-in", S::kError, hr::kValueOutOfRange, E::kFindings, V::kQualifier,
     "runIn is not WinPE, FullOS or WinPEandFullOS",
     "A step's `runIn` attribute is its SupportedEnvironment property, which allows WinPE, "
     "FullOS and WinPEandFullOS only."},
    {"TS2012", "invalid-operator", S::kError, hr::kInvalidParameter, E::kFindings, V::kContract,
     "a condition uses an operator that does not exist",
     "Condition operators (<operator type>) are and, or, not; an OS condition group is or. "
     "Variable and registry conditions compare with exists, notExists, equals, notEquals, "
     "less, lessEqual, greater, greaterEqual (and like and notLike, in current branch); file "
     "and folder conditions with the same comparisons; software conditions with AnyVersion or "
     "ThisVersion. The lists are prose in the SDK, but the product contract keeps a bad "
     "operator an import error: an operator the console and the cmdlets cannot write is a "
     "typing mistake whose condition the engine cannot evaluate (docs/fidelity.md)."},
    {"TS2013", "malformed-condition", S::kError, hr::kInvalidParameter, E::kFindings, V::kQualifier,
     "a condition is not built the way the condition classes require",
     "A condition holds expressions and operators; an operator holds at least one operand; an "
     "expression names its class in `type` and its fields as <variable name=\"Field\">; an OS "
     "condition group holds OS expression groups. Something here breaks that structure."},
    {"TS2014", "duplicate-property", S::kWarning, hr::kInvalidParameter, E::kFindings, V::kReading,
     "a property is set twice",
     "Two <variable> elements of the same step (or condition) set the same property. The "
     "provider keeps the last one; the other is very likely a mistake from hand editing."},
    {"TS2015", "array-mismatch", S::kError, hr::kInvalidParameter, E::kFindings, V::kReading,
     "an embedded array's count and its elements disagree",
     "Arrays of embedded objects (partitions, packages, applications, adapters) are written "
     "as a count variable (OSDPartitions=2) plus one variable per field of each element "
     "(OSDPartitions0Type...). The count must match the elements present, indexed from 0. This "
     "layout is tsimport's reading of exports, not documented, so a mismatch is a warning (an "
     "error with --strict). An empty count with no elements is unset."},
    {"TS2016", "dialect-mismatch", S::kWarning, hr::kInvalidParameter, E::kFindings, V::kReading,
     "MDT-only markup in a ConfigMgr task sequence",
     "With --target configmgr, MDT-only markup (the root's name and description, a group's "
     "expand attribute or empty <action/>, a step's startIn or successCodes) is reported: "
     "ConfigMgr does not write it and ignores it on import."},
    {"TS2017", "invalid-schema-version", S::kError, hr::kInvalidParameter, E::kFindings,
     V::kReading, "the sequence's version is missing or malformed",
     "The root <sequence> carries the schema version as version=\"3.10\" (ConfigMgr) or "
     "\"3.00\" (MDT, and the SDK default). A value that is not a dotted number cannot be "
     "checked by the client, which refuses to run a sequence whose schema version it does not "
     "expect. That is a failure at run time: nothing shows ImportSequence refusing it, so this "
     "is a warning (an error with --strict)."},
    {"TS2018", "malformed-rules", S::kError, hr::kInvalidParameter, E::kFindings, V::kXml,
     "the Set Dynamic Variables rules are not well-formed",
     "The Rules property of Set Dynamic Variables holds a nested XML document (escaped inside "
     "the <variable>): <Rules><Rule><condition>...</condition><Variables><Variable Name "
     "IsSecret>value</Variable></Variables></Rule></Rules>. The nested document cannot be read "
     "or has the wrong structure, so the provider cannot build the rules (SMS_TaskSequence_Rule "
     "objects) from it."},
    {"TS2019", "variable-without-property", S::kError, hr::kInvalidParameter, E::kFindings,
     V::kReading, "a step variable has no property attribute",
     "In <defaultVarList>, each <variable> maps to a property of the step's class through its "
     "`property` attribute (its `name` is the run-time variable). Without it the value belongs "
     "to no property. Nothing shows that ImportSequence refuses it (it may ignore the "
     "variable), so this is a warning (an error with --strict)."},

    // --- TS3xxx: limits (lint: no HRESULT, ImportSequence accepts these) ------------------
    {"TS3001", "name-over-console-limit", S::kWarning, 0, E::kFindings, V::kLint,
     "a step or group name is longer than the console's 50 characters",
     "The class allows a Name of 1 to 100 characters (longer is the TS2008 error), but the "
     "task sequence editor in the ConfigMgr console takes at most 50 (Microsoft's documentation "
     "of task sequence steps). A longer name imports, but is more than the console lets anyone "
     "enter. Shorten the name to 50 characters and move the rest into the description. Not "
     "reported for MDT task sequences, whose Deployment Workbench has no such limit."},
    {"TS3002", "variable-name-invalid", S::kWarning, 0, E::kFindings, V::kLint,
     "a step sets a variable whose name is not a task sequence variable name",
     "Task sequence variable names are 1 to 256 characters: letters, digits, the underscore and "
     "the hyphen (Microsoft's documentation of task sequence variables). Set Task Sequence "
     "Variable, the rules of Set Dynamic Variables and the output variable of Run Command Line, "
     "Run PowerShell Script and Download Package Content set a variable by name; a name with a "
     "space, a dot or another character cannot be read back as %NAME% or in a condition. Names "
     "that hold a %variable% reference are not checked, as they are only known at run time."},
    {"TS3003", "variable-name-not-letter", S::kInfo, 0, E::kFindings, V::kLint,
     "a step sets a variable whose name does not begin with a letter",
     "Microsoft documents task sequence variable names as beginning with a letter. A name that "
     "begins with a digit or a hyphen (such as 2PintTurboLicense) works in practice, so this is "
     "reported as information: rename the variable if you want names that follow the "
     "documentation."},
    {"TS3004", "variable-read-only", S::kWarning, 0, E::kFindings, V::kLint,
     "a step sets a variable whose name begins with an underscore",
     "Task sequence variables whose names begin with an underscore are the read-only built-in "
     "variables (_SMSTSInWinPE, _SMSTSLogPath...): Microsoft documents that a task sequence can "
     "read them but not change them, so a step that sets one does not do what it says. Use a "
     "name without the underscore. "
     "_SMSTSOrgName and _SMSTSPackageName, which deployments set in practice (MDT's "
     "CustomSettings.ini does), are not reported."},
    {"TS3005", "variable-value-too-long", S::kWarning, 0, E::kFindings, V::kLint,
     "a step sets a variable to a value longer than 4,000 characters",
     "A task sequence variable holds at most 4,000 characters (Microsoft's documentation of task "
     "sequence variables; the SDK lets Set Task Sequence Variable store 4,001, and the TS2008 "
     "error covers longer values there). Set Dynamic Variables has no class limit, so a longer "
     "value imports, but is more than a task sequence variable is documented to hold. Keep long "
     "data in a package or a file and pass its path."},
    {"TS3006", "sequence-size-near-limit", S::kWarning, 0, E::kFindings, V::kLint,
     "the stored sequence is near ConfigMgr's 2 MB limit",
     "Since version 2010, ConfigMgr refuses to import or save a task sequence larger than 2 MB "
     "as stored in the site database. tsimport estimates that size as the UTF-16 bytes of the "
     "sequence's XML written without indentation (the database keeps UTF-16 text; the estimate "
     "is not exact). This warning starts at 1.5 MB and names the heaviest steps and their "
     "largest values (embedded scripts, such as the base64 SourceScript of Run PowerShell "
     "Script, are the usual cause). Move scripts into packages, or split the task sequence into "
     "child task sequences. Not reported for MDT task sequences, which ConfigMgr does not store."},
    {"TS3007", "sequence-size-over-limit", S::kError, 0, E::kFindings, V::kLint,
     "the stored sequence is over ConfigMgr's 2 MB limit",
     "Since version 2010, ConfigMgr refuses to import or save a task sequence larger than 2 MB "
     "as stored in the site database. tsimport estimates that size as the UTF-16 bytes of the "
     "sequence's XML written without indentation (an estimate: the database keeps UTF-16 text) "
     "and names the heaviest steps and their largest values (embedded scripts, such as the "
     "base64 SourceScript of Run PowerShell Script, are the usual cause). ImportSequence itself "
     "builds the object, so ReturnValue stays 0; saving it on a site fails. Move scripts into "
     "packages, or split the task sequence into child task sequences."},

    // --- TS4xxx: references ----------------------------------------------------------------
    {"TS4001", "reference-missing", S::kWarning, 0, E::kFindings, V::kLint,
     "an enabled step uses a package, application or task sequence that <referenceList> does not "
     "list",
     "ConfigMgr writes into the sequence's <referenceList> every package, application and child "
     "task sequence that its enabled steps use (a boot, OS image, driver, USMT or client package, "
     "the packages of Download Package Content, the applications of Install Application, the "
     "task sequence of Run Task Sequence and that child's own references). A step that uses an ID "
     "missing from the list was edited outside the console, or the list was: the import "
     "wizard's dependency check and content distribution work from that list. Check the ID in "
     "the step; export the task sequence again to rebuild the list. Not checked for MDT task "
     "sequences or when the sequence has no <referenceList> at all."},
    {"TS4002", "reference-unused", S::kInfo, 0, E::kFindings, V::kLint,
     "<referenceList> lists a package or application that no enabled step uses",
     "ConfigMgr rebuilds <referenceList> from the enabled steps when it saves a task sequence, "
     "so an entry that no enabled step uses (or only a disabled one) is a leftover of an edit "
     "outside the console. It makes the import wizard ask for a dependency the task sequence "
     "does not need. Remove the entry, or export the task sequence again."},
    {"TS4003", "reference-id-malformed", S::kWarning, 0, E::kFindings, V::kLint,
     "a package or application ID is not in the form ConfigMgr gives IDs",
     "A package ID (packages, OS images, driver packages, boot images, task sequences) is a "
     "three-character site code of letters and digits followed by five hexadecimal digits, "
     "such as PS100088; an application is named by its model name, "
     "ScopeId_<GUID>/Application_<GUID>. An ID in another form cannot name anything on a site, "
     "so the step fails to find its content. Values that hold a %variable% reference are not "
     "checked."},

    // --- TS5xxx: secrets -------------------------------------------------------------------
    {"TS5001", "cleartext-password", S::kError, 0, E::kFindings, V::kLint,
     "a password is in the file in clear text",
     "A property the class marks Secret (Join Domain's DomainPassword, Apply Windows Settings' "
     "AdminPassword, Connect To Network Folder's Password, MDT's ADDSPassword and "
     "SafeModeAdminPassword...) holds a value, or a step sets such a password variable "
     "(OSDJoinPassword...) to a value. ConfigMgr's export leaves secrets out; a file that has "
     "one was written by hand, by MDT (which keeps them in ts.xml) or by a tool, and anyone "
     "who can read the repository can read the password. Remove the value (tsimport --redact "
     "-f xml writes the file without it) and supply the password at run time, for example "
     "from a masked collection variable. The message never shows the value. Values that are "
     "only a %variable% reference are not reported."},
    {"TS5002", "run-as-password", S::kError, 0, E::kFindings, V::kLint,
     "a run-as password is in the file in clear text",
     "Run Command Line and Run PowerShell Script can run as another account; its password "
     "(UserPassword, the variable SMSTSRunCommandLineUserPassword or "
     "SMSTSRunPowerShellUserPassword) holds a value in this file. Public repositories of MDT "
     "task sequences hold such passwords. Remove the value and supply it at run time (a masked "
     "collection variable); the message never shows it."},
    {"TS5003", "product-key", S::kError, 0, E::kFindings, V::kLint,
     "a product key is in the file in clear text",
     "Apply Windows Settings' ProductKey and Upgrade Operating System's OsProductKey are "
     "QuasiSecret: ConfigMgr's export leaves them out, and a key in the file is readable by "
     "anyone who can read the file. Remove it, or use a KMS or subscription activation that "
     "needs no key in the task sequence. If the key is a public KMS client setup key, ignore this "
     "rule for the file."},
    {"TS5004", "secret-variable-value", S::kError, 0, E::kFindings, V::kLint,
     "a secret variable's value is in the file in clear text",
     "A Set Dynamic Variables rule marks a variable secret (IsSecret=\"true\"), or Set Task "
     "Sequence Variable masks its value (Do not display this value), and the value is in the "
     "file. ConfigMgr hides these values in the console and leaves them out of exports; a file "
     "that holds one exposes it. Remove the value and set it again on the site after import."},
    {"TS5005", "secret-emptied-by-export", S::kWarning, 0, E::kFindings, V::kLint,
     "a secret that the step needs is empty, as exports leave it",
     "ConfigMgr's export leaves out passwords (Join Domain and Apply Network Settings with a "
     "domain account, Connect To Network Folder, Run Command Line and Run PowerShell Script "
     "running as another account), masked Set Task Sequence Variable values and secret dynamic "
     "variables. Imported as it is, the step has an empty secret and fails at run time (or sets "
     "an empty value). Enter the secret again in the console after import. Reported only for "
     "enabled ConfigMgr steps that can run."},
    {"TS5006", "password-on-command-line", S::kWarning, 0, E::kFindings, V::kLint,
     "a command line passes a literal password",
     "A Run Command Line command or a Run PowerShell Script's parameters pass a literal value to "
     "a switch named like a password (-Password \"...\", /password:..., -AdminPassword ...). The "
     "password is in the file in clear text, and the task sequence logs command lines "
     "(smsts.log) unless told not to. Pass a %variable% from a masked collection variable "
     "instead. Values that are variables (%X%, $x), switches, true/false or yes/no are not "
     "reported; the message names the switch, never the value."},

    // --- TS7xxx: hygiene -------------------------------------------------------------------
    {"TS7001", "empty-group", S::kInfo, 0, E::kFindings, V::kLint, "a group holds no step",
     "An empty group does nothing at run time. It is often a placeholder (MDT templates ship "
     "some); remove it if it is a leftover."},
    {"TS7002", "duplicate-name", S::kInfo, 0, E::kFindings, V::kLint,
     "two steps or groups at the same level have the same name",
     "smsts.log, status messages, the progress dialog and _SMSTSCurrentActionName identify a "
     "step by its name, so two steps of the same name at the same level (in one group, or both "
     "at the top of the task sequence, next to each other or not) cannot be told apart there "
     "(only their execution numbers differ). Give each a name that says what it does."},
    {"TS7003", "disabled", S::kInfo, 0, E::kFindings, V::kLint, "a step or group is disabled",
     "A disabled step never runs, and neither does anything in a disabled group (whatever its "
     "own setting). Reported once for the outermost disabled step or group, with the number of "
     "steps a disabled group holds; remove what is no longer needed. Disabled steps are also "
     "left out of <referenceList>."},
    {"TS7004", "condition-never-holds", S::kWarning, 0, E::kFindings, V::kLint,
     "a condition can never hold",
     "The condition combines variable tests that cannot all be true at once (Var exists and "
     "Var notExists; Var equals 'a' and Var equals 'b'; Var equals 'a' and Var notEquals 'a'; "
     "Var notExists and Var equals 'a'), directly or through and/or/not. A step or group with "
     "such a condition never runs; a part of a condition that can never hold is dead. Only "
     "certain cases are reported: values with %variable% references and other condition types "
     "(WMI, registry, files) are not judged."},
    {"TS7005", "condition-always-holds", S::kInfo, 0, E::kFindings, V::kLint,
     "a condition always holds",
     "An 'or' holds both Var exists and Var notExists (or an operator negates a condition that "
     "never holds), so it is always true and the condition, or that part of it, has no effect. "
     "Remove it, or write the test that was meant."},
    {"TS7006", "empty-operator", S::kWarning, 0, E::kFindings, V::kLint,
     "an and, or or not operator holds no condition",
     "An operator (If all / If any / If none in the console) with nothing inside it tests "
     "nothing, and what the task sequence engine makes of it is not documented. A console "
     "export can hold one when conditions were added beside the operator instead of inside it "
     "(<operator type=\"or\"/> followed by the expressions meant for it): then the expressions "
     "beside it are combined with 'and', not with the 'or' the author chose. Move the conditions "
     "into the operator, or remove it."},
};

}  // namespace

const std::vector<RuleInfo>& Rules() { return kRules; }

const RuleInfo* FindRule(std::string_view id) {
  auto it =
      std::find_if(kRules.begin(), kRules.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

const RuleInfo* FindRuleByIdOrName(std::string_view id_or_name) {
  auto same = [&](std::string_view s) { return detail::EqualsNoCase(s, id_or_name); };
  auto it = std::find_if(kRules.begin(), kRules.end(),
                         [&](const RuleInfo& r) { return same(r.id) || same(r.name); });
  return it == kRules.end() ? nullptr : &*it;
}

Severity DefaultSeverity(const RuleInfo& rule, bool strict) {
  if (rule.severity == Severity::kError && rule.hresult != 0 && !strict &&
      !BlocksImport(rule.evidence))
    return Severity::kWarning;
  return rule.severity;
}

}  // namespace tsimport
