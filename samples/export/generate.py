#!/usr/bin/env python3
"""Writes win11-deploy.zip: samples/win11-deploy.xml as a console export (the team's own), with
the metadata a console export carries beside the task sequence: ReferencesInfo.xml (the name
and type of each referenced package), AppReferencesInfo.xml (the referenced applications) and
the exported applications' object.xml (their display names). The layout is that of the real
console exports in ../shared/corpus-zips (read in place, never copied). Deterministic: the same
bytes each run. Run it again after changing samples/win11-deploy.xml.
"""
import html
import pathlib
import zipfile

here = pathlib.Path(__file__).parent
seq = (here.parent / "win11-deploy.xml").read_text(encoding="utf-8")
ID = "CM100120"
SCOPE = "ScopeId_49C675E5-1CDF-56B9-9DC3-22B8358A855A"

# ReferencePackageType: 0 package, 3 driver package, 4 task sequence, 257 OS image.
packages = [
    ("CM100010", "Windows 11 Enterprise 23H2 x64", 257, "23H2"),
    ("CM100011", "Windows 11 Unattend", 0, "1.2"),
    ("CM100051", "Drivers - Dell Latitude 7440", 3, ""),
    ("CM100052", "Drivers - HP EliteBook 840 G10", 3, ""),
    ("CM100053", "Drivers - Lenovo ThinkPad T14 Gen 4", 3, ""),
    ("CM100002", "Configuration Manager Client Package", 0, ""),
    ("CM100095", "OSD Scripts", 0, "4"),
    ("CM100080", "Contoso Branding", 0, "2.0"),
    ("CM100100", "Install Department Applications", 4, ""),
]
applications = [
    ("Application_5a663a3f-ed19-58da-87b3-6dc1609b828b", "Microsoft 365 Apps for enterprise (x64)", 16780080),
    ("Application_9d1b59d3-e1d3-5208-8d95-08181c210466", "Company Portal", 16780084),
    ("Application_9e5fffb6-df0a-5736-88b8-6a979baa536d", "7-Zip 23.01 (x64)", 16780090),
    ("Application_a793c21c-791e-5309-8361-254f8c237a95", "Contoso Line-of-Business Suite", 16780095),
]


def prop(name, typ, value):
    return ('  <PROPERTY NAME="%s" TYPE="%s">\n    <VALUE>%s</VALUE>\n  </PROPERTY>'
            % (name, typ, html.escape(str(value), quote=False)))


def array_of_instances(instances):
    out = ['\ufeff<ArrayOfString xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xmlns:xsd="http://www.w3.org/2001/XMLSchema">']
    for inst in instances:
        out.append("  <string>" + html.escape(inst, quote=False) + "</string>")
    out.append("</ArrayOfString>")
    return "\r\n".join(out).encode("utf-8")


refs = []
for pid, name, typ, version in packages:
    refs.append("\n".join([
        '<INSTANCE CLASSNAME="SMS_TaskSequenceReferencesInfo">',
        '  <PROPERTY TYPE="string" NAME="__RELPATH">\n    <VALUE></VALUE>\n  </PROPERTY>',
        prop("PackageID", "string", ID),
        prop("ProgramName", "string", "*"),
        prop("ReferenceDescription", "string", ""),
        prop("ReferenceName", "string", name),
        prop("ReferencePackageID", "string", pid),
        prop("ReferencePackageType", "uint32", typ),
        prop("ReferenceProgramName", "string", "*"),
        prop("ReferenceVersion", "string", version),
        '</INSTANCE>']))
apps = []
for key, name, ci in applications:
    apps.append("\n".join([
        '<INSTANCE CLASSNAME="SMS_TaskSequenceAppReferencesInfo">',
        '  <PROPERTY TYPE="string" NAME="__RELPATH">\n    <VALUE></VALUE>\n  </PROPERTY>',
        prop("PackageID", "string", ID),
        prop("RefAppCI_ID", "sint32", ci),
        prop("RefAppModelName", "string", SCOPE + "/" + key),
        prop("RefAppPackageID", "string", "CM1002%02d" % (ci % 100)),
        '</INSTANCE>']))

package = "\r\n".join([
    '<INSTANCE CLASSNAME="SMS_TaskSequencePackage">',
    prop("Description", "string", "Bare metal and refresh deployments of Windows 11 Enterprise 23H2"),
    prop("Name", "string", "Deploy Windows 11 Enterprise 23H2"),
    prop("PackageID", "string", ID),
    prop("ProgramFlags", "uint32", 152084496),
    '  <PROPERTY NAME="Sequence" TYPE="string">\r\n    <VALUE><![CDATA[' + seq + ']]></VALUE>\r\n  </PROPERTY>',
    prop("SourceDate", "datetime", "20261120093000.000000+000"),
    prop("Version", "string", "7"),
    '</INSTANCE>']) + "\r\n"

members = [
    ("SMS_TaskSequencePackage/%s/object.xml" % ID, package.encode("utf-8")),
    ("SMS_TaskSequencePackage/%s/ReferencesInfo.xml" % ID, array_of_instances(refs)),
    ("SMS_TaskSequencePackage/%s/AppReferencesInfo.xml" % ID, array_of_instances(apps)),
]
for key, name, ci in applications:
    members.append(("SMS_Application/%s%%25%s_1/object.xml" % (SCOPE, key), ("\r\n".join([
        '<INSTANCE CLASSNAME="SMS_Application">',
        prop("CI_ID", "uint32", ci),
        prop("LocalizedDisplayName", "string", name),
        prop("ModelName", "string", SCOPE + "/" + key),
        '</INSTANCE>']) + "\r\n").encode("utf-8")))

with zipfile.ZipFile(here / "win11-deploy.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in members:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 30, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
