#!/usr/bin/env python3
"""Writes the shape and encoding variants of sequence.xml (the team's own sample) beside it.

Each variant must import to the same TaskSequence as sequence.xml; tests/shapes_test.cpp checks
that. Run it again after changing sequence.xml.
"""
import html
import pathlib

here = pathlib.Path(__file__).parent
seq = (here / "sequence.xml").read_text(encoding="utf-8")


def write(name, data):
    (here / name).write_bytes(data)


write("sequence-utf8-bom.xml", b"\xef\xbb\xbf" + seq.encode("utf-8"))
write("sequence-utf16le-bom.xml", b"\xff\xfe" + seq.encode("utf-16-le"))
write("sequence-utf16be-bom.xml", b"\xfe\xff" + seq.encode("utf-16-be"))
write("sequence-utf16le.xml", seq.encode("utf-16-le"))
write("sequence-utf16be.xml", seq.encode("utf-16-be"))
write("sequence-declared-utf16.xml",
      b"\xff\xfe" + ('<?xml version="1.0" encoding="utf-16"?>\n' + seq).encode("utf-16-le"))
write("sequence-windows-1252.xml",
      ('<?xml version="1.0" encoding="windows-1252"?>\n' + seq).encode("cp1252"))
write("sequence-iso-8859-1.xml",
      ('<?xml version="1.0" encoding="iso-8859-1"?>\n' + seq.replace("–", "&#8211;"))
      .encode("latin-1"))
write("sequence-crlf.xml", seq.replace("\n", "\r\n").encode("utf-8"))


def instance(value_xml, crlf):
    """An object.xml as the console writes it: WMI DTD 2.0, no declaration, CRLF."""
    lines = [
        '<INSTANCE CLASSNAME="SMS_TaskSequencePackage">',
        '  <QUALIFIER NAME="dynamic" PROPAGATED="true" TYPE="boolean" TOSUBCLASS="false" TOINSTANCE="true">',
        '    <VALUE>TRUE</VALUE>',
        '  </QUALIFIER>',
        '  <PROPERTY NAME="__CLASS" CLASSORIGIN="___SYSTEM" TYPE="string">',
        '    <VALUE>SMS_TaskSequencePackage</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY NAME="Description" CLASSORIGIN="SMS_PackageBaseclass" TYPE="string">',
        '    <VALUE>Sample written by the tsimport team</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY.ARRAY NAME="Icon" CLASSORIGIN="SMS_PackageBaseclass" TYPE="uint8">',
        '    <VALUE.ARRAY>',
        '      <VALUE>137</VALUE>',
        '      <VALUE>80</VALUE>',
        '    </VALUE.ARRAY>',
        '  </PROPERTY.ARRAY>',
        '  <PROPERTY NAME="Name" CLASSORIGIN="SMS_PackageBaseclass" TYPE="string">',
        '    <VALUE>Préparer un poste</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY NAME="PackageID" CLASSORIGIN="SMS_PackageBaseclass" TYPE="string">',
        '    <VALUE>CM100099</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY.OBJECTARRAY NAME="References" CLASSORIGIN="SMS_TaskSequencePackage" REFERENCECLASS="SMS_TaskSequence_Reference">',
        '    <VALUE.OBJECTARRAY>',
        '      <VALUE.OBJECT>',
        '        <INSTANCE CLASSNAME="SMS_TaskSequence_Reference">',
        '          <PROPERTY NAME="Package" CLASSORIGIN="SMS_TaskSequence_Reference" TYPE="string"><VALUE>CM100042</VALUE></PROPERTY>',
        '          <PROPERTY NAME="Program" CLASSORIGIN="SMS_TaskSequence_Reference" TYPE="string"><VALUE></VALUE></PROPERTY>',
        '          <PROPERTY NAME="Type" CLASSORIGIN="SMS_TaskSequence_Reference" TYPE="uint32"><VALUE>0</VALUE></PROPERTY>',
        '        </INSTANCE>',
        '      </VALUE.OBJECT>',
        '      <VALUE.OBJECT>',
        '        <INSTANCE CLASSNAME="SMS_TaskSequence_Reference">',
        '          <PROPERTY NAME="Package" CLASSORIGIN="SMS_TaskSequence_Reference" TYPE="string"><VALUE>CM100051</VALUE></PROPERTY>',
        '          <PROPERTY NAME="Program" CLASSORIGIN="SMS_TaskSequence_Reference" TYPE="string"><VALUE>*</VALUE></PROPERTY>',
        '          <PROPERTY NAME="Type" CLASSORIGIN="SMS_TaskSequence_Reference" TYPE="uint32"><VALUE>0</VALUE></PROPERTY>',
        '        </INSTANCE>',
        '      </VALUE.OBJECT>',
        '    </VALUE.OBJECTARRAY>',
        '  </PROPERTY.OBJECTARRAY>',
        '  <PROPERTY NAME="Sequence" CLASSORIGIN="SMS_TaskSequencePackage" TYPE="string">',
        '    <QUALIFIER NAME="CIMTYPE" PROPAGATED="true" TYPE="string" TOINSTANCE="true">',
        '      <VALUE>string</VALUE>',
        '    </QUALIFIER>',
        '    <VALUE>' + value_xml + '</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY NAME="SourceDate" CLASSORIGIN="SMS_PackageBaseclass" TYPE="datetime">',
        '    <VALUE>20261120093000.000000+000</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY NAME="TsEnabled" CLASSORIGIN="SMS_TaskSequencePackage" TYPE="boolean">',
        '    <VALUE>TRUE</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY NAME="Type" CLASSORIGIN="SMS_TaskSequencePackage" TYPE="uint32">',
        '    <VALUE>2</VALUE>',
        '  </PROPERTY>',
        '  <PROPERTY NAME="Version" CLASSORIGIN="SMS_PackageBaseclass" TYPE="string">',
        '    <VALUE>3</VALUE>',
        '  </PROPERTY>',
        '</INSTANCE>',
    ]
    text = "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


write("object-cdata.xml", instance("<![CDATA[" + seq + "]]>", crlf=True))
write("object-escaped.xml", instance(html.escape(seq, quote=False), crlf=False))

pkg = ['<?xml version="1.0"?>',
       '<SmsTaskSequencePackage xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
       '  <BootImageID>CM100003</BootImageID>',
       '  <Category />',
       '  <DependentProgram />',
       '  <Description>Sample written by the tsimport team</Description>',
       '  <Duration>360</Duration>',
       '  <Name>Préparer un poste</Name>',
       '  <ProgramFlags>152084496</ProgramFlags>',
       '  <SequenceData>']
pkg += ['    ' + line if line else line for line in seq.rstrip("\n").split("\n")]
pkg += ['  </SequenceData>',
        '  <SourceDate>2026-11-20T09:30:00</SourceDate>',
        '  <SupportedOperatingSystems />',
        '  <IconSize>0</IconSize>',
        '</SmsTaskSequencePackage>']
write("sms2007.xml", ("\n".join(pkg) + "\n").encode("utf-8"))
