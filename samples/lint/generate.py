#!/usr/bin/env python3
"""Writes the lint samples (one rule each; MANIFEST.tsv names it). The secrets in them are
fake ("Not-A-Real-Secret-..."). Run from anywhere: python3 samples/lint/generate.py"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def setvar(name, value, step_name=None, masked=False, disable=False):
    step_name = step_name or f"Set {name}"
    dis = ' disable="true"' if disable else ""
    return f'''    <step type="SMS_TaskSequence_SetVariableAction" name="{step_name}" description=""{dis} runIn="WinPEandFullOS" successCodeList="0" retryCount="0" runFromNet="false">
      <action>tsenv.exe "{name}={value}" /hiddenflag:{str(masked)}</action>
      <defaultVarList>
        <variable name="DoNotShowVariableValue" property="DoNotShowVariableValue" hidden="true">{"true" if masked else "false"}</variable>
        <variable name="VariableName" property="VariableName" hidden="true">{name}</variable>
        <variable name="VariableValue" property="VariableValue" hidden="true">{value}</variable>
      </defaultVarList>
    </step>
'''


def runcmd(name, command, package="", runas=False, user="", password=None, condition="", disable=False, output=""):
    dis = ' disable="true"' if disable else ""
    pw = "" if password is None else f'\n        <variable name="SMSTSRunCommandLineUserPassword" property="UserPassword" hidden="true">{password}</variable>'
    usr = f'\n        <variable name="SMSTSRunCommandLineUserName" property="UserName">{user}</variable>' if runas else ""
    pkg = f'\n        <variable name="PackageID" property="PackageID" hidden="true">{package}</variable>' if package else ""
    return f'''    <step type="SMS_TaskSequence_RunCommandLineAction" name="{name}" description=""{dis} runIn="WinPEandFullOS" successCodeList="0 3010" retryCount="0" runFromNet="false">{condition}
      <action>smsswd.exe /run:{package} {command}</action>
      <defaultVarList>
        <variable name="CommandLine" property="CommandLine" hidden="true">{command}</variable>
        <variable name="SMSTSDisableWow64Redirection" property="DisableWow64Redirection">false</variable>
        <variable name="SMSTSRunCommandLineOutputVariableName" property="OutputVariableName">{output}</variable>{pkg}
        <variable name="_SMSTSRunCommandLineAsUser" property="RunAsUser">{"true" if runas else "false"}</variable>{usr}{pw}
        <variable name="SuccessCodes" property="SuccessCodes" hidden="true">0 3010</variable>
        <variable name="WorkingDirectory" property="WorkingDirectory"></variable>
      </defaultVarList>
    </step>
'''


def join_domain(name, password=None, disable=False):
    dis = ' disable="true"' if disable else ""
    pw = "" if password is None else f'\n        <variable name="OSDJoinPassword" property="DomainPassword" hidden="true">{password}</variable>'
    return f'''    <step type="SMS_TaskSequence_JoinDomainWorkgroupAction" name="{name}" description=""{dis} runIn="FullOS" successCodeList="0" retryCount="0" runFromNet="false">
      <action>osdjoin.exe /type:%OSDJoinType%</action>
      <defaultVarList>
        <variable name="OSDJoinDomainName" property="DomainName">contoso.com</variable>
        <variable name="OSDJoinAccount" property="DomainUsername">CONTOSO\\svc-cm-join</variable>{pw}
        <variable name="OSDJoinSkipReboot" property="SkipReboot">false</variable>
        <variable name="OSDJoinType" property="Type">0</variable>
      </defaultVarList>
    </step>
'''


def dynvars(name, variables):
    inner = "".join(f'&lt;Variable Name="{n}" IsSecret="{s}"&gt;{v}&lt;/Variable&gt;' for n, s, v in variables)
    return f'''    <step type="SMS_TaskSequence_SetDynamicVariablesAction" name="{name}" description="" runIn="WinPEandFullOS" successCodeList="0" retryCount="0" runFromNet="false">
      <action>OSDSetDynamicVariables.exe</action>
      <defaultVarList>
        <variable name="OSDSetDynamicVariablesRules" property="Rules">&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;{inner}&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable>
      </defaultVarList>
    </step>
'''


def cond(*parts):
    return "\n      <condition>\n" + "".join(parts) + "      </condition>"


def var_expr(variable, op, value=None, indent="        "):
    val = "" if value is None else f'\n{indent}  <variable name="Value">{value}</variable>'
    return f'''{indent}<expression type="SMS_TaskSequence_VariableConditionExpression">
{indent}  <variable name="Operator">{op}</variable>{val}
{indent}  <variable name="Variable">{variable}</variable>
{indent}</expression>
'''


def seq(body, refs=None, root_attrs=""):
    rl = ""
    if refs is not None:
        rl = "  <referenceList>\n" + "".join(f"    <reference {r}/>\n" for r in refs) + "  </referenceList>\n"
    return f'<sequence version="3.10"{root_attrs}>\n{rl}  <group name="Lint" description="">\n{body}  </group>\n</sequence>\n'


SAMPLES = {}

SAMPLES["name-over-console-limit.xml"] = ("TS3001", seq(setvar("OSDTimeZone", "UTC", step_name="Set the time zone for every device that the lab builds (UTC)")))
SAMPLES["variable-name-invalid.xml"] = ("TS3002", seq(setvar("Deploy Ring", "Pilot") + runcmd("Read Model", "wmic csproduct get name", output="Model.Name")))
SAMPLES["variable-name-not-letter.xml"] = ("TS3003", seq(setvar("2ndPass", "true")))
SAMPLES["variable-read-only.xml"] = ("TS3004", seq(setvar("_SMSTSLogPath", "C:\\Logs") + setvar("_SMSTSOrgName", "Contoso IT")))
SAMPLES["variable-value-too-long.xml"] = ("TS3005", seq(dynvars("Set Long Value", [("OSDLongList", "false", "A" * 4001)])))
SAMPLES["reference-missing.xml"] = ("TS4001", seq(runcmd("Run Tool", "tool.exe", package="CM100091") + runcmd("Run Old Tool", "old.exe", package="CM100092", disable=True), refs=['package="CM100090"', 'package="CM100092"']))
SAMPLES["reference-unused.xml"] = ("TS4002", seq(runcmd("Run Tool", "tool.exe", package="CM100090"), refs=['package="CM100090"', 'package="CM100093"']))
SAMPLES["reference-id-malformed.xml"] = ("TS4003", seq(runcmd("Run Tool", "tool.exe", package="CM10009G"), refs=['package="CM10009G"']))
SAMPLES["cleartext-password.xml"] = ("TS5001", seq(join_domain("Join Domain", password="Not-A-Real-Secret-1") + setvar("OSDJoinPassword", "Not-A-Real-Secret-2")))
SAMPLES["run-as-password.xml"] = ("TS5002", seq(runcmd("Configure Share", "cmd.exe /c configure.cmd", runas=True, user="CONTOSO\\svc-setup", password="Not-A-Real-Secret-3")))
SAMPLES["product-key.xml"] = ("TS5003", '''<sequence version="3.10">
  <group name="Lint" description="">
    <step type="SMS_TaskSequence_ApplyWindowsSettingsAction" name="Apply Windows Settings" description="" runIn="WinPE" successCodeList="0" retryCount="0" runFromNet="false">
      <action>osdwinsettings.exe /config</action>
      <defaultVarList>
        <variable name="OSDLocalAdminPassword" property="AdminPassword" hidden="true"></variable>
        <variable name="OSDProductKey" property="ProductKey">NOTAR-EALKE-YNOTA-REALK-EY000</variable>
        <variable name="OSDRandomAdminPassword" property="RandomAdminPassword">true</variable>
        <variable name="OSDRegisteredOrgName" property="RegisteredOrgName">Contoso</variable>
        <variable name="OSDRegisteredUserName" property="RegisteredUserName">Contoso</variable>
        <variable name="OSDTimeZone" property="TimeZone">UTC</variable>
      </defaultVarList>
    </step>
  </group>
</sequence>
''')
SAMPLES["secret-variable-value.xml"] = ("TS5004", seq(dynvars("Set BIOS Password", [("BIOSPassword", "true", "Not-A-Real-Secret-4")]) + setvar("LicenseKey", "Not-A-Real-Secret-5", masked=True)))
SAMPLES["secret-emptied-by-export.xml"] = ("TS5005", seq(join_domain("Join Domain") + runcmd("Configure Share", "cmd.exe /c configure.cmd", runas=True, user="CONTOSO\\svc-setup", password="") + dynvars("Set BIOS Password", [("BIOSPassword", "true", "")]) + setvar("LicenseKey", "", masked=True) + join_domain("Join Domain (disabled)", disable=True)))
SAMPLES["password-on-command-line.xml"] = ("TS5006", seq(runcmd("Set BIOS Password", "powershell.exe -File Set-Bios.ps1 -Password \"Not-A-Real-Secret-6\"") + runcmd("Map Drive", "net use Z: \\\\server\\share /user:CONTOSO\\svc %SharePassword%")))
SAMPLES["empty-group.xml"] = ("TS7001", seq('    <group name="Custom Tasks" description="">\n    </group>\n' + setvar("OSDTimeZone", "UTC")))
SAMPLES["duplicate-name.xml"] = ("TS7002", seq(setvar("OSDTimeZone", "UTC", step_name="Set Variable") + setvar("OSDLocale", "en-US", step_name="Set Variable")))
SAMPLES["disabled.xml"] = ("TS7003", seq('    <group name="Old Steps" description="" disable="true">\n' + setvar("OSDTimeZone", "UTC") + setvar("OSDLocale", "en-US") + "    </group>\n" + setvar("OSDKeyboard", "0409:00000409", disable=True)))
SAMPLES["condition-never-holds.xml"] = ("TS7004", seq(runcmd("Pilot Only", "pilot.exe", condition=cond(var_expr("DeploymentRing", "equals", "Pilot"), var_expr("DeploymentRing", "equals", "Broad"))) + runcmd("Fresh Install", "fresh.exe", condition=cond(var_expr("OSDComputerName", "exists"), var_expr("OSDComputerName", "notExists")))))
SAMPLES["condition-always-holds.xml"] = ("TS7005", seq(runcmd("Always", "always.exe", condition=cond('        <operator type="or">\n' + var_expr("OSDComputerName", "exists", indent="          ") + var_expr("OSDComputerName", "notExists", indent="          ") + "        </operator>\n"))))
SAMPLES["empty-operator.xml"] = ("TS7006,TS7004", seq(runcmd("Update HP BIOS", "hpbios.exe", condition=cond('        <operator type="or"/>\n' + var_expr("Make", "equals", "HP") + var_expr("Make", "equals", "Hewlett-Packard")))))
SAMPLES["mdt-cleartext-password.xml"] = ("TS5001,TS5002", '''<sequence version="3.00" name="Domain Controller" description="MDT">
  <group name="State Restore" disable="false" continueOnError="false" expand="true" description="">
    <action></action>
    <step type="BDD_ConfigureADDS" name="Configure ADDS" description="" disable="false" continueOnError="false" successCodeList="0 3010">
      <defaultVarList>
        <variable name="ADDSPassword" property="ADDSPassword"></variable>
        <variable name="SafeModeAdminPassword" property="SafeModeAdminPassword">Not-A-Real-Secret-7</variable>
      </defaultVarList>
      <action>cscript.exe "%SCRIPTROOT%\\ZTIConfigureADDS.wsf"</action>
    </step>
    <step name="Run Setup Script" disable="false" continueOnError="false" successCodeList="0 3010" description="" startIn="">
      <defaultVarList>
        <variable name="SMSTSRunCommandLineUserName" property="SMSTSRunCommandLineUserName">CONTOSO\\Administrator</variable>
        <variable name="SMSTSRunCommandLineUserPassword" property="SMSTSRunCommandLineUserPassword">Not-A-Real-Secret-8</variable>
      </defaultVarList>
      <action>cmd.exe /c setup.cmd</action>
    </step>
  </group>
</sequence>
''')
SAMPLES["clean.xml"] = ("", seq(setvar("OSDTimeZone", "UTC") + runcmd("Run Tool", "tool.exe", package="CM100090"), refs=['package="CM100090"']))

with open(os.path.join(HERE, "MANIFEST.tsv"), "w", newline="\n") as m:
    m.write("file\trules\n")
    for name, (rules, text) in sorted(SAMPLES.items()):
        with open(os.path.join(HERE, name), "w", newline="\n") as f:
            f.write(text)
        m.write(f"{name}\t{rules}\n")
