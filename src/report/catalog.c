/*
 * catalog: every rule id chartci can report, with its default severity, a
 * one-line summary and a paragraph on what it checks and why.
 *
 * This table is what SARIF's rule descriptors and `chartci rules` print, and
 * docs/rules.md documents the same ids; the unit tests hold the three
 * together (ids unique, sorted, well formed, each one documented), so a
 * rule cannot ship without a description a user can look up.
 *
 * Keep the table sorted by id (bytewise): lookups and listings rely on it
 * being in a fixed, reviewable order. Summaries and descriptions stay under
 * 1024 characters, SARIF's limit for shortDescription and fullDescription.
 */
#include "report/report.h"

#include <string.h>

static const cc_rule_info catalog[] = {
	{ "bump/refused", CC_SEV_ERROR,
	  "`chartci bump` cannot bump a chart's version.",
	  "The chart's Chart.yaml is missing or not a mapping, its version is missing or not a version "
	  "helm reads, the bump would not move the version forward, or the field to change is written "
	  "in a way that cannot be edited in place (a block scalar, a scalar over several lines). The "
	  "file is left as it was." },
	{ "chart/api-version", CC_SEV_ERROR,
	  "Chart.yaml has no apiVersion, or one other than v1 or v2.",
	  "Chart.yaml's apiVersion is missing, empty or not one of \"v1\" (Helm 2 charts, dependencies "
	  "in requirements.yaml) and \"v2\" (Helm 3 and later, dependencies in Chart.yaml). helm lint "
	  "fails the chart with the same message. helm's loader quietly treats a missing apiVersion as "
	  "v1, which changes where dependencies are read from and makes `type` and `dependencies` "
	  "errors; \"v3\" is Helm 4's experimental format, which `helm package` refuses." },
	{ "chart/archive-invalid", CC_SEV_ERROR,
	  "A chart archive is corrupt or unsafe.",
	  "A .tgz chart (given on the command line or found in charts/) could not be read as a "
	  "gzip-compressed tar file, or it holds an entry chartci refuses: an absolute path, a "
	  "path that climbs out with \"..\", a symlink, hard link, device or FIFO, or more data "
	  "or entries than the archive bounds allow. helm fails on a corrupt archive, an "
	  "unsafe entry could write outside the directory a tool extracts it to, and a gzip "
	  "bomb would exhaust the runner, so the archive is not loaded at all." },
	{ "chart/dependencies-api-version", CC_SEV_ERROR,
	  "Chart.yaml lists dependencies but its apiVersion is not v2.",
	  "Chart.yaml has a non-empty `dependencies` list while its apiVersion is not \"v2\" (it is v1, "
	  "missing or invalid). Dependencies in Chart.yaml belong to apiVersion v2; a v1 chart declares "
	  "them in requirements.yaml. helm lint fails the chart with the same message, and helm's "
	  "tooling for v1 charts does not read them from Chart.yaml." },
	{ "chart/deprecated", CC_SEV_INFO,
	  "The chart is marked deprecated.",
	  "Chart.yaml says `deprecated: true`. helm prints a deprecation warning to everyone who "
	  "installs or upgrades the chart, and chart repositories and Artifact Hub flag it. Nothing "
	  "needs fixing; the finding makes sure the flag was set on purpose and is not left over from a "
	  "copied chart." },
	{ "chart/duplicate-name", CC_SEV_WARNING,
	  "Two charts of the repository have the same name.",
	  "chartci lint (and chartci ci's lint stage) compares the names of the charts it checks: two with one name would be released under it, one over the other (or refused as already published). Each chart after the first of a name is reported, naming the first; a chart vendored in another's charts/ directory is not compared." },
	{ "chart/field-type", CC_SEV_ERROR,
	  "A Chart.yaml field has the wrong YAML type.",
	  "A field of Chart.yaml holds a value of the wrong YAML type: a number, boolean or "
	  "mapping where helm expects a string, or a scalar where it expects a list. helm "
	  "converts some of these silently and loses information on the way: `version: 1.0` "
	  "is read as the float 1 and becomes \"1\", and `appVersion: 1.10` becomes \"1.1\". "
	  "helm lint reports the same problem for version and appVersion." },
	{ "chart/file-missing", CC_SEV_ERROR,
	  "A chart has no Chart.yaml, or a path given as a chart is not a chart.",
	  "The directory has no Chart.yaml, or a path given on the command line is neither a "
	  "chart directory nor a chart archive. Chart.yaml is the one file every chart must "
	  "have: helm refuses to load, lint or package a chart without it. A .helmignore that "
	  "ignores Chart.yaml has the same effect." },
	{ "chart/file-too-large", CC_SEV_ERROR,
	  "A chart file is larger than helm's 5 MiB limit.",
	  "A file of the chart is larger than 5 MiB, the limit helm applies to every file it "
	  "loads from a chart. helm refuses to load such a chart, so it cannot be installed "
	  "or packaged. Large data files usually belong outside the chart or in a "
	  ".helmignore." },
	{ "chart/file-unreadable", CC_SEV_ERROR,
	  "A chart file cannot be read.",
	  "A file chartci must read to load the chart could not be read: the operating system "
	  "reported an I/O or permission error, the path is a directory or another kind of "
	  "non-regular file, or the file exceeds chartci's size bound for its kind. Nothing "
	  "else about the file can be checked until it can be read." },
	{ "chart/helmignore-invalid", CC_SEV_ERROR,
	  "The chart's .helmignore has a pattern helm refuses.",
	  "A line of .helmignore is a pattern helm rejects: it uses the unsupported `**` "
	  "syntax, or it is not a valid glob (for example an unclosed `[`). helm aborts "
	  "loading and packaging the chart on such a line, so a chart that looks fine "
	  "locally fails on the first `helm package` or `helm install` from source." },
	{ "chart/icon", CC_SEV_INFO,
	  "Chart.yaml has no icon.",
	  "Chart.yaml has no `icon` URL. helm lint reports the same INFO message: chart repositories, "
	  "Artifact Hub and UIs built on helm show the icon next to the chart, and show a placeholder "
	  "without one." },
	{ "chart/icon-url", CC_SEV_ERROR,
	  "Chart.yaml's icon is not an absolute URL.",
	  "Chart.yaml's `icon` is not a URL with a scheme as Go's url.ParseRequestURI reads it (helm "
	  "lint's govalidator.IsRequestURL): a bare path or host such as `logo.png` or "
	  "`example.com/logo.png`, a host with characters URLs do not allow, or a broken %-escape. helm "
	  "lint fails the chart with the same message." },
	{ "chart/kube-version", CC_SEV_ERROR,
	  "Chart.yaml's kubeVersion is not a valid version constraint.",
	  "Chart.yaml's `kubeVersion` does not parse as a Masterminds semver constraint, the syntax "
	  "helm uses to compare it with the cluster's version. helm lint does not check this, but `helm "
	  "install` and `helm upgrade` then refuse the chart on every cluster (\"chart requires "
	  "kubeVersion ... which is incompatible with Kubernetes ...\"), so the chart is uninstallable." },
	{ "chart/maintainer", CC_SEV_ERROR,
	  "A maintainer entry is empty, has no name, or has an invalid email or url.",
	  "An entry of Chart.yaml's `maintainers` is empty (null), has no `name`, has an `email` that "
	  "is not an e-mail address by govalidator.IsEmail, or has a `url` that is not a URL by "
	  "govalidator.IsURL, the checks helm lint makes, with the same messages. helm lint stops at "
	  "the first bad entry; chartci reports each one. An empty entry also makes helm refuse to load "
	  "the chart." },
	{ "chart/name", CC_SEV_ERROR,
	  "Chart.yaml has no name, or a name helm refuses.",
	  "Chart.yaml's `name` is missing or empty, contains a \"/\" (helm compares it with its own "
	  "base name), or is \".\" or \"..\". helm lint reports the first two with the same messages, "
	  "and helm's loader refuses all three, so the chart can be neither installed nor packaged: the "
	  "name is also the chart's directory and archive name." },
	{ "chart/name-directory", CC_SEV_WARNING,
	  "The chart's name differs from its directory's name.",
	  "Chart.yaml's `name` is not the name of the directory holding the chart. helm 2 and helm "
	  "3.0.0 refused such a chart; later versions accept it, but `helm package` names the archive and its top "
	  "directory after `name`, so the chart is published under a name other than the one its "
	  "directory shows. Charts at the repository root and archives are not checked." },
	{ "chart/not-mapping", CC_SEV_ERROR,
	  "Chart.yaml is not a YAML mapping.",
	  "Chart.yaml parses as YAML but its top level is not a mapping of field names to "
	  "values (it is a list, a scalar or empty). helm cannot read chart metadata from "
	  "anything else, so no other Chart.yaml check can run." },
	{ "chart/source-url", CC_SEV_ERROR,
	  "An entry of Chart.yaml's sources is not an absolute URL.",
	  "An entry of Chart.yaml's `sources` is empty or is not a URL with a scheme as Go's "
	  "url.ParseRequestURI reads it (helm lint's govalidator.IsRequestURL): `github.com/org/repo` "
	  "without https:// is the usual case. helm lint fails the chart with the same message, "
	  "stopping at the first bad entry; chartci reports each one." },
	{ "chart/subchart-invalid", CC_SEV_ERROR,
	  "An entry of charts/ cannot be loaded as a chart.",
	  "A directory or archive inside the chart's charts/ directory cannot be loaded as a "
	  "chart. helm loads every entry of charts/ as a subchart when it installs, lints or "
	  "packages the parent, so one broken entry breaks the parent chart too." },
	{ "chart/templates-missing", CC_SEV_WARNING,
	  "The chart has no templates/ directory, or templates is not a directory.",
	  "The chart directory has no templates/ directory (a warning, as helm lint gives: such a chart "
	  "installs nothing of its own), or has a file named templates (an error, as in helm lint: helm "
	  "cannot read the chart's templates). Library charts keep their templates there too; a chart "
	  "that only ships CRDs may leave it out on purpose." },
	{ "chart/type", CC_SEV_ERROR,
	  "Chart.yaml's type is set with an apiVersion other than v2, or is not application or library.",
	  "Chart.yaml's `type` is set while apiVersion is not \"v2\" (helm lint fails the chart with "
	  "the same message; chart types exist since v2), or is neither \"application\" nor \"library\" "
	  "(helm's loader refuses the chart, so nothing can install or package it). The value is "
	  "case-sensitive: `Library` is refused." },
	{ "chart/unknown-field", CC_SEV_WARNING,
	  "Chart.yaml has a field helm does not define.",
	  "Chart.yaml has a top-level field that is not part of helm's chart metadata (keys are matched "
	  "without regard to case, as helm does). helm ignores the field, so it is usually a "
	  "misspelling such as `maintainer` or `homepage`, or a leftover from Helm 2 such as `engine` "
	  "or `tillerVersion`. helm lint v4 warns about it as \"failed to strictly parse chart metadata "
	  "file\". Data of your own belongs in `annotations`." },
	{ "chart/unsafe-path", CC_SEV_ERROR,
	  "A chart entry is a symlink leading outside the chart, or not a regular file.",
	  "An entry of the chart directory cannot be packaged safely: a symlink whose target "
	  "is outside the chart or does not exist, a symlink loop, directories nested beyond "
	  "chartci's bound, or an entry that is neither a regular file nor a directory (a "
	  "FIFO, socket or device). Following a link out of the chart would put files from "
	  "elsewhere on the machine into the package, and reading a FIFO or device can hang a "
	  "CI job, so chartci reads none of them." },
	{ "chart/version", CC_SEV_ERROR,
	  "Chart.yaml's version is missing, not semantic versioning, or not above 0.0.0-0.",
	  "Chart.yaml's `version` is missing, does not parse as a semantic version as helm reads it "
	  "(Masterminds semver, which also accepts `1.2` and `v1.2.3`), or is 0.0.0-0 itself. helm lint "
	  "fails the chart with the same messages, and helm's loader refuses an invalid version, so the "
	  "chart cannot be installed, packaged or published." },
	{ "chart/version-semver2", CC_SEV_WARNING,
	  "Chart.yaml's version is not strict SemVer 2.0.0.",
	  "Chart.yaml's `version` parses as helm's loose semantic version but not as strict SemVer "
	  "2.0.0: it has a `v` prefix, fewer than three numbers (`1.2`), or leading zeros. helm lint v4 "
	  "warns with the same message. OCI registries and tools that sort or compare chart versions "
	  "strictly may reject or misorder such versions." },
	{ "config/invalid", CC_SEV_ERROR,
	  "The .chartci.yaml configuration file is not valid.",
	  "The repository's .chartci.yaml does not parse, is not a mapping, has a key chartci "
	  "does not know, or has a value of the wrong type or out of range. chartci stops "
	  "rather than guess: running with part of a configuration ignored would check "
	  "something other than what the repository asked for." },
	{ "crd/api-version", CC_SEV_ERROR,
	  "A file in crds/ is not an apiextensions.k8s.io object.",
	  "A document of a YAML or JSON file in the chart's crds/ directory (or a subchart's) has an "
	  "apiVersion outside apiextensions.k8s.io. helm installs crds/ files as they are, before the "
	  "chart's templates and without rendering them, and only CustomResourceDefinitions belong "
	  "there; helm lint v4 fails the chart with the same message." },
	{ "crd/kind", CC_SEV_ERROR,
	  "A file in crds/ holds an object that is not a CustomResourceDefinition.",
	  "A document of a YAML or JSON file in the chart's crds/ directory (or a subchart's) has a "
	  "kind other than CustomResourceDefinition. helm installs crds/ files as they are, before "
	  "everything else and never upgrades them, so other objects there are a mistake; they belong "
	  "in templates/. helm lint v4 fails the chart with the same message." },
	{ "crd/not-directory", CC_SEV_ERROR,
	  "crds is a file, not a directory.",
	  "The chart has a file named crds where helm expects the crds/ directory of "
	  "CustomResourceDefinitions. helm lint v4 fails the chart with the same message, and the CRDs "
	  "the file was meant to hold are never installed." },
	{ "crd/syntax", CC_SEV_ERROR,
	  "A file in crds/ does not parse as YAML objects.",
	  "A YAML or JSON file in the chart's crds/ directory (or a subchart's) does not parse, or a "
	  "document in it is not a mapping with string apiVersion and kind, or uses a mapping as a key. "
	  "helm does not render crds/, so a template there ({{ ... }}) is a parse error too. helm lint "
	  "v4 fails the chart with \"unable to parse YAML\", and helm install fails on the file." },
	{ "dependency/alias", CC_SEV_ERROR,
	  "A dependency's alias has characters helm refuses.",
	  "A dependency's `alias` has characters other than ASCII letters, digits, \"_\" and \"-\". "
	  "helm's loader refuses the chart (\"dependency ... has disallowed characters in the alias\"), "
	  "so it can be neither installed nor packaged. The alias becomes the subchart's name and the "
	  "key of its values." },
	{ "dependency/condition", CC_SEV_WARNING,
	  "A dependency's condition has a path that can never match a value.",
	  "A dependency's `condition` has a comma-separated path with an empty key (a leading, trailing "
	  "or double dot) or a key with spaces at either end. helm trims the whole condition, splits it "
	  "at commas and looks each path up exactly as written, silently skipping paths it does not "
	  "find, so `sub.enabled, global.sub.enabled` never reads global.sub.enabled and the subchart "
	  "cannot be switched off that way." },
	{ "dependency/duplicate", CC_SEV_ERROR,
	  "Two dependencies have the same name or alias.",
	  "Two entries of the chart's dependencies have the same effective name: the alias when set, "
	  "else the name. helm's loader refuses the chart (\"more than one dependency with name or "
	  "alias\"), and helm lint reports it too; the subcharts would share one values key. Give each "
	  "entry a distinct alias." },
	{ "dependency/missing", CC_SEV_WARNING,
	  "A declared dependency is not in charts/.",
	  "A dependency declared in Chart.yaml (or requirements.yaml for v1 charts) has no subchart of "
	  "that name in the chart's charts/ directory. helm lint gives the same warning: installing "
	  "from the directory fails until `helm dependency build` fetches it. Repositories that do not "
	  "commit charts/ can lower or ignore this rule. helm skips the check when it cannot load the "
	  "chart; chartci does not." },
	{ "dependency/name", CC_SEV_ERROR,
	  "A dependency has no name.",
	  "An entry of the chart's dependencies has no `name`. helm loads such an entry but can never "
	  "find a subchart for it: `helm install` and `helm template` fail with \"found in Chart.yaml, "
	  "but missing in charts/ directory\" whatever charts/ holds, and `helm dependency update` "
	  "cannot resolve it." },
	{ "dependency/repository", CC_SEV_ERROR,
	  "A dependency's repository is neither a URL nor a repository name.",
	  "A dependency's `repository` is not empty (a chart kept in charts/), not a URL with a scheme "
	  "(https://, http://, oci://, file://, or a scheme a helm getter plugin adds such as s3://) "
	  "and not a name of a configured repository (@name or alias:name). `helm dependency update` "
	  "and `build` fail on it, typically when the scheme was left out." },
	{ "dependency/tags", CC_SEV_WARNING,
	  "A dependency's tag is empty or has spaces at an end.",
	  "An entry of a dependency's `tags` is empty or starts or ends with a space. helm enables or "
	  "disables the dependency by looking each tag up, exactly as written, as a key of the `tags:` "
	  "mapping in values, so such a tag only matches a key quoted the same way; it is almost always "
	  "a typo and the tag does nothing." },
	{ "dependency/undeclared", CC_SEV_ERROR,
	  "charts/ holds a subchart Chart.yaml does not declare.",
	  "A subchart in the chart's charts/ directory is not declared as a dependency (by name) in "
	  "Chart.yaml, or requirements.yaml for v1 charts. helm lint fails the chart with the same "
	  "message: helm still installs the subchart, but it escapes conditions, tags, version "
	  "constraints and Chart.lock, usually a leftover from a removed dependency." },
	{ "dependency/version", CC_SEV_ERROR,
	  "A dependency's version is not a valid version constraint.",
	  "A dependency's `version` does not parse as a Masterminds semver constraint (`1.2.3`, `~1.2`, "
	  "`^2`, `>=1.0 <2.0`, `1.x`). `helm dependency update` and `build` fail on it, so the "
	  "dependency cannot be resolved or locked." },
	{ "deps/fetch", CC_SEV_ERROR,
	  "`chartci deps build` cannot fetch a locked dependency safely.",
	  "The lock is missing or out of sync with Chart.yaml, a repository or registry cannot be read, "
	  "the locked version is gone, an archive's sha256 differs from the index's (or a layer's from "
	  "its manifest's), an archive is unsafe (paths outside the chart, links, devices, over the size "
	  "limits) or holds another chart or version, a vendored chart no longer satisfies its "
	  "constraint, or a file:// dependency's directory is missing, outside the repository, holds "
	  "the chart itself, no longer satisfies the locked version or would be refused by helm "
	  "package. charts/ is left as it was." },
	{ "lock/extra", CC_SEV_ERROR,
	  "Chart.lock locks a dependency Chart.yaml no longer declares.",
	  "An entry of Chart.lock (requirements.lock) has no declared dependency of the same name and "
	  "repository. The lock was not updated when the dependency was removed, so the lock is also "
	  "out of sync and `helm dependency build` refuses it." },
	{ "lock/missing", CC_SEV_ERROR,
	  "The chart declares dependencies but has no lock file.",
	  "Chart.yaml (or requirements.yaml) declares dependencies and the chart has no Chart.lock "
	  "(requirements.lock). `helm dependency build` then resolves the constraints anew, so CI "
	  "builds whatever the repositories offer that day, not what was reviewed." },
	{ "lock/not-locked", CC_SEV_ERROR,
	  "A declared dependency is not in the lock.",
	  "A dependency of Chart.yaml has no entry of the same name and repository in Chart.lock: it "
	  "was added without updating the lock." },
	{ "lock/out-of-sync", CC_SEV_ERROR,
	  "The lock's digest does not match Chart.yaml's dependencies.",
	  "Chart.lock's `digest` is not the sha256 helm computes over the declared dependencies and the "
	  "locked ones (for requirements.lock, helm 2's digest is accepted too). `helm dependency build` "
	  "stops with the same message, so the chart cannot be packaged or installed from its lock." },
	{ "lock/repository", CC_SEV_ERROR,
	  "A dependency is locked from another repository than the one declared.",
	  "Chart.lock records a dependency under a repository other than the one Chart.yaml names now "
	  "(after `@name` repositories are replaced by their URLs): the lock was written for another "
	  "source." },
	{ "lock/unresolvable", CC_SEV_ERROR,
	  "`chartci lock` cannot resolve a dependency.",
	  "No version of the dependency satisfies its constraint (the finding lists the versions on "
	  "offer), the repository does not have the chart, a `@name` repository is not defined, a "
	  "file:// directory or vendored charts/ entry does not exist, or the repository cannot be "
	  "read. Nothing is written for that chart." },
	{ "lock/unsatisfied", CC_SEV_ERROR,
	  "A locked version no longer satisfies its declared constraint.",
	  "Chart.lock pins a version that the dependency's `version:` constraint in Chart.yaml does "
	  "not allow (the constraint was changed without updating the lock). Checked with helm's "
	  "semver rules, prereleases included only when the constraint names one." },
	{ "package/dependencies-missing", CC_SEV_ERROR,
	  "A dependency declared in Chart.yaml has no subchart in charts/.",
	  "`chartci package`, like `helm package`, needs a subchart of the same name in charts/ for "
	  "every declared dependency (the version is not compared). The message is helm's and lists "
	  "every missing name. Nothing is written for the chart." },
	{ "package/invalid", CC_SEV_ERROR,
	  "helm would refuse to package the chart's metadata.",
	  "The chart (or one of its subcharts) fails helm's Metadata.Validate: no name or version, a "
	  "name that is \".\", \"..\" or holds a slash, a version helm's semver cannot read, a type "
	  "other than application or library, an empty maintainer or dependency entry, a dependency "
	  "alias with characters other than letters, digits, \"_\" and \"-\", two dependencies with "
	  "the same name or alias; or its apiVersion is one helm cannot package (v3). The message is "
	  "helm's. Nothing is written for the chart." },
	{ "prov/unverified", CC_SEV_ERROR,
	  "The chart archive does not match its provenance file.",
	  "chartci verify runs helm verify's checks on CHART.tgz.prov: an OpenPGP clear-signed block, a good signature by a key of the keyring given, a message of two parts around \"...\", a sha256 for the archive's file name, and that sha256 equal to the archive's. The message is helm's." },
	{ "publish/exists", CC_SEV_ERROR,
	  "The version is already published with another archive.",
	  "Before anything is written, chartci publish looks at what the target holds for the chart's name and version: the chart layer a registry tag points to, or the digest index.yaml records. The same archive is \"already published\" and passes; another archive under that version is this error, and nothing is written (with --force it is replaced, which a registry with immutable tags may still refuse)." },
	{ "publish/failed", CC_SEV_ERROR,
	  "The chart could not be published.",
	  "The registry or chart repository refused a request or could not be reached, after retries (authentication, permissions, a server error, the network). The index is the last thing written, so the repository is left as it was; a re-run completes what was started." },
	{ "publish/invalid", CC_SEV_ERROR,
	  "The file to publish is not a chart archive helm would load.",
	  "chartci publish reads each archive's name and version from the Chart.yaml inside it, through the same loader and checks as packaging; a file that is not a gzipped tar, has no Chart.yaml or fails helm's metadata validation is refused before anything is written." },
	{ "publish/tag", CC_SEV_WARNING,
	  "A published chart's release tag was not made.",
	  "With --tag (publish.tag: true), chartci ci tags HEAD with each chart's release tag (release-tag:, default {name}-{version}) once the chart is out at every target. A tag of that name on another commit is never moved; it is reported instead, and so is a tag git refuses to make." },
	{ "schema/invalid", CC_SEV_ERROR,
	  "values.schema.json is not a valid schema.",
	  "The chart's values.schema.json is JSON but not a valid JSON Schema for its draft (it "
	  "breaks the draft's meta-schema), a $ref or anchor in it does not resolve, a pattern is not "
	  "a valid regular expression, or it refers to a remote document chartci will not fetch. "
	  "helm fails the same way on install, upgrade and lint (offline, for remote references). "
	  "An unresolvable urn: reference is a warning: helm replaces it with an always-true schema." },
	{ "schema/json-syntax", CC_SEV_ERROR,
	  "values.schema.json is not valid JSON.",
	  "The chart's values.schema.json does not parse as JSON. helm reads this file on "
	  "every install, upgrade, template and lint, and fails on a syntax error, so the "
	  "chart cannot be installed until it is fixed." },
	{ "schema/remote-ref", CC_SEV_ERROR,
	  "values.schema.json needs a remote document that cannot be had offline.",
	  "A $ref in values.schema.json names a document on another host. helm downloads it on every "
	  "install, upgrade and lint, so an offline CI runner or a moved URL fails the release; chartci "
	  "never fetches it silently. Map the URI prefix to a directory of vendored schemas in "
	  ".chartci.yaml (`schema: refs:`), or copy the schema into values.schema.json." },
	{ "values/missing", CC_SEV_INFO,
	  "The chart has no values.yaml.",
	  "The chart directory has no values.yaml. helm lint reports the same INFO message. A chart "
	  "without defaults is valid, but users then have no documented place to see what the chart can "
	  "be configured with." },
	{ "values/not-mapping", CC_SEV_ERROR,
	  "A values file is not a YAML mapping.",
	  "values.yaml, or a ci/*-values.yaml file used for testing, parses as YAML but its top "
	  "level is not a mapping (it is a list or a scalar). helm merges values as mappings "
	  "and refuses anything else. An empty file is fine: helm treats it as no values." },
	{ "values/schema", CC_SEV_ERROR,
	  "A value breaks the chart's values.schema.json.",
	  "values.yaml alone, or values.yaml with a ci/*-values.yaml file over it (as chart-testing "
	  "installs it), does not validate against the chart's values.schema.json; for a subchart, its "
	  "key of the parent's values over its own defaults, with global. helm refuses to install, "
	  "upgrade or template the chart with these values, with the same message." },
	{ "version/app-version-unbumped", CC_SEV_ERROR,
	  "appVersion changed but the chart's version did not.",
	  "Chart.yaml's `appVersion` differs from the chart's previous release (its highest release tag, or `--since REV`) while `version` is the same." },
	{ "version/decreased", CC_SEV_ERROR,
	  "The chart's version is lower than its previous release.",
	  "`version` compares, by SemVer precedence, below the version of the chart's previous release (its highest release tag by the `release-tag:` template, or the chart at `--since REV`)." },
	{ "version/invalid", CC_SEV_ERROR,
	  "The chart's version is not SemVer 2.",
	  "`version` parses as strict SemVer 2 (`MAJOR.MINOR.PATCH`, optional `-prerelease` and `+build`, no `v`, no leading zeros), the form release tags, OCI tags and chart repositories all order correctly. Checked by `chartci check-version`." },
	{ "version/major-required", CC_SEV_ERROR,
	  "A breaking change without a major version bump.",
	  "Between the chart's previous release (its highest release tag, or `--since REV`) and now, something a user of the chart depends on went away or changed kind: a values key removed or its type changed (map, list, string, number, boolean); values.schema.json tightened (a key newly required, a type narrowed, an enum reduced or added, a const added, a bound such as `minimum` or `maxLength` made stricter, a pattern added or changed, `additionalProperties: false`); a template or CRD file removed; a dependency removed or locked (Chart.lock) at another major version; `kubeVersion` narrowed (a Kubernetes version it admitted, vendor builds such as `1.29.8-eks-1` included, is refused now); or apiVersion changed. Then the version must raise its major part (its minor part while the major is 0). The finding names the first such change, where it is (`file:line:col`, or where it was for what was removed), and how many more there are." },
	{ "version/minor-required", CC_SEV_ERROR,
	  "A new feature with only a patch bump.",
	  "Between the chart's previous release and now, something was added: a values key, a template or CRD file, a dependency, an optional property in values.schema.json. Then the version must raise at least its minor part." },
	{ "version/not-bumped", CC_SEV_ERROR,
	  "Packaged files changed but the chart's version did not.",
	  "A file `helm package` would put in the chart's archive (after `.helmignore`) differs between the chart's previous release (its highest release tag, or `--since REV`) and HEAD (or the work tree with `--include-worktree`), while `version` is the same." },
	{ "yaml/duplicate-key", CC_SEV_WARNING,
	  "A YAML mapping has the same key twice.",
	  "A mapping in a chart's YAML file has the same key more than once. helm accepts this "
	  "silently and keeps the last value, so the first one is dead text that readers "
	  "and reviewers take for the real setting; helm lint (v4) warns about it in "
	  "Chart.yaml." },
	{ "yaml/limit", CC_SEV_ERROR,
	  "A YAML file exceeds a nesting, alias or size bound.",
	  "A YAML file nests deeper, expands more aliases or is larger than chartci's bounds "
	  "allow. Aliases can make a few hundred bytes expand to gigabytes (the billion laughs "
	  "attack); the bounds keep a hostile or broken chart from exhausting a CI runner's "
	  "memory or time. Real charts stay far below them." },
	{ "yaml/syntax", CC_SEV_ERROR,
	  "A YAML file does not parse.",
	  "A chart's YAML file (Chart.yaml, values.yaml, Chart.lock, requirements.yaml or a "
	  "ci/*-values.yaml) is not valid YAML. helm cannot load the chart, so nothing else "
	  "about the file can be checked. The finding points at the line and column where "
	  "the parser stopped." },
	{ NULL, CC_SEV_INFO, NULL, NULL },
};

const cc_rule_info *cc_rule_catalog(void)
{
	return catalog;
}

const cc_rule_info *cc_rule_lookup(const char *id)
{
	for (const cc_rule_info *r = catalog; id && r->id; r++)
		if (strcmp(r->id, id) == 0)
			return r;
	return NULL;
}
