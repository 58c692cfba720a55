# PowerShell argument completion for tsimport (Windows PowerShell 5.1 and PowerShell 7).
# Load it in a session, or from your profile ($PROFILE):
#   . C:\Tools\tsimport\completions\tsimport.ps1
# Then `tsimport --f<Tab>` completes options, `tsimport -f <Tab>` the values an option takes,
# and anything else completes file names as PowerShell does. tests/docs_test.cpp checks that the
# options below are exactly those `tsimport --help` prints, with the values each one accepts.

$tsimportOptions = @(
    '-h', '--help', '-f', '--format', '--json-lines', '-o', '--output', '-O', '--out-dir',
    '--diagnostics', '--diagnostics-output', '--baseline', '--write-baseline', '--fail-on',
    '--ignore', '--severity', '--config', '--target', '--schema', '-r', '--recursive',
    '--allow-empty', '-j', '--jobs', '--progress', '--color', '--redact', '--strict', '-q',
    '--quiet', '-v', '--verbose', '--list-classes', '--list-rules', '--explain', '--version'
)

$tsimportValues = @{
    '-f'            = @('summary', 'json', 'xml', 'mof', 'text', 'markdown', 'html', 'none')
    '--format'      = @('summary', 'json', 'xml', 'mof', 'text', 'markdown', 'html', 'none')
    '--diagnostics' = @('human', 'gcc', 'json', 'sarif', 'github', 'azure', 'junit', 'checkstyle')
    '--fail-on'     = @('error', 'warning', 'info', 'never')
    '--target'      = @('auto', 'configmgr', 'mdt')
    '--progress'    = @('auto', 'always', 'never')
    '--color'       = @('auto', 'always', 'never')
}

# The completer keeps the two tables with it (GetNewClosure), so the script can also be run
# rather than dot-sourced.
$tsimportCompleter = {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
    # The word before the one being completed: an option that takes one of a few values?
    $previous = ''
    for ($i = 1; $i -lt $words.Count; $i++) {
        if ($commandAst.CommandElements[$i].Extent.EndOffset -lt $cursorPosition) { $previous = $words[$i] }
    }
    if ($tsimportValues.ContainsKey($previous)) {
        $tsimportValues[$previous] | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
        }
        return
    }
    if ($wordToComplete -like '-*') {
        $tsimportOptions | Where-Object { $_ -clike "$wordToComplete*" } | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterName', $_)
        }
        return
    }
    # The first argument may be the diff subcommand; otherwise files (PowerShell's own completion).
    if ($words.Count -le 2 -and 'diff' -like "$wordToComplete*" -and $wordToComplete -ne '') {
        [System.Management.Automation.CompletionResult]::new('diff', 'diff', 'Command', 'compare two task sequences')
    }
}.GetNewClosure()
Register-ArgumentCompleter -Native -CommandName 'tsimport', 'tsimport.exe' -ScriptBlock $tsimportCompleter
