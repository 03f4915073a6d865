// The quick start ran to the end: its one line of output is in the build log.
def log = new File(basedir, 'build.log').text
assert log =~ /cpu \d+\.\d %, memory max \d+ bytes, agent-7: \d+ samples, PT[0-9.]+S of CPU/

// And it is the README's: the marked part of QuickStart.java appears in README.md as it is here.
def source = new File(basedir, 'src/main/java/example/QuickStart.java').text
def matcher = source =~ /(?s)\/\/ README: begin\n(.*?)\n\s*\/\/ README: end/
assert matcher.find()
def lines = matcher.group(1).readLines()
def indent = lines.findAll { it.trim() }.collect { it.length() - it.stripLeading().length() }.min()
def snippet = lines.collect { it.length() >= indent ? it.substring(indent) : it.trim() }.join('\n')
def readme = new File(basedir, '../../../../README.md').text
assert readme.contains(snippet) : "README.md must show the quick start exactly as QuickStart.java runs it:\n" + snippet
return true
