{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "wattshift.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource-name prefix: the release name, plus the chart name unless the release name already holds it. */}}
{{- define "wattshift.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "wattshift.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "wattshift.labels" -}}
helm.sh/chart: {{ include "wattshift.chart" . }}
app.kubernetes.io/name: {{ include "wattshift.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: wattshift
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component; call with (dict "ctx" $ "component" "scheduler"). */}}
{{- define "wattshift.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wattshift.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "wattshift.componentLabels" -}}
{{ include "wattshift.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "wattshift.scheduler.fullname" -}}
{{- printf "%s-scheduler" (include "wattshift.fullname" .) }}
{{- end }}

{{- define "wattshift.nodeDaemon.fullname" -}}
{{- printf "%s-node-daemon" (include "wattshift.fullname" .) }}
{{- end }}

{{- define "wattshift.scheduler.serviceAccountName" -}}
{{- if .Values.scheduler.serviceAccount.create }}
{{- default (include "wattshift.scheduler.fullname" .) .Values.scheduler.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.scheduler.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "wattshift.nodeDaemon.serviceAccountName" -}}
{{- if .Values.nodeDaemon.serviceAccount.create }}
{{- default (include "wattshift.nodeDaemon.fullname" .) .Values.nodeDaemon.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.nodeDaemon.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* image reference; call with (dict "ctx" $ "image" .Values.scheduler.image). The tag follows appVersion. */}}
{{- define "wattshift.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* In-cluster URL of the scheduler's HTTP endpoint (telemetry ingest for the node daemons). Its host is one of
     the certificate's DNS names (wattshift.scheduler.dnsNames): the daemons verify it. */}}
{{- define "wattshift.scheduler.url" -}}
{{- printf "%s://%s.%s.svc:%v" (ternary "https" "http" .Values.scheduler.tls.enabled) (include "wattshift.scheduler.fullname" .) .Release.Namespace .Values.scheduler.service.port }}
{{- end }}

{{/* Fills in scheduler.tls (and nodeDaemon.allowInsecureStream) where the values lack them. `helm upgrade
     --reuse-values` from a release made before the chart had TLS renders with that release's chart defaults, in
     which these keys do not exist (helm's action.Upgrade.reuseValues); without this the upgrade would read TLS as
     off. The defaults are those of values.yaml. Idempotent; every template that reads these keys includes it. */}}
{{- define "wattshift.tlsDefaults" -}}
{{- if not (kindIs "map" .Values.scheduler.tls) }}
{{- $_ := set .Values.scheduler "tls" dict }}
{{- end }}
{{- $tls := .Values.scheduler.tls }}
{{- /* hasKey, not sprig's merge: merge would replace an explicit false with the default true */}}
{{- range $key, $value := dict "enabled" true "source" "helm" "secretName" "" "certManager" dict }}
{{- if not (hasKey $tls $key) }}
{{- $_ := set $tls $key $value }}
{{- end }}
{{- end }}
{{- if not (kindIs "map" $tls.certManager.issuerRef) }}
{{- $_ := set $tls.certManager "issuerRef" (dict "name" "" "kind" "Issuer" "group" "cert-manager.io") }}
{{- end }}
{{- if not (hasKey .Values.nodeDaemon "allowInsecureStream") }}
{{- $_ := set .Values.nodeDaemon "allowInsecureStream" false }}
{{- end }}
{{- end }}

{{/* Name of the kubernetes.io/tls Secret with the scheduler's tls.crt, tls.key and ca.crt. */}}
{{- define "wattshift.scheduler.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "wattshift.scheduler.fullname" .)) .Values.scheduler.tls.secretName }}
{{- end }}

{{/* Name of the ConfigMap with ca.crt alone that the node daemons mount: the chart's own for source helm, else
     scheduler.tls.caConfigMap ("" when unset: the daemons then mount ca.crt from the TLS Secret). */}}
{{- define "wattshift.scheduler.caConfigMapName" -}}
{{- if eq .Values.scheduler.tls.source "helm" }}
{{- printf "%s-ca" (include "wattshift.scheduler.fullname" .) }}
{{- else }}
{{- .Values.scheduler.tls.caConfigMap | default "" }}
{{- end }}
{{- end }}

{{/* The names the scheduler's certificate carries: its Service, short to fully qualified (one per line). */}}
{{- define "wattshift.scheduler.dnsNames" -}}
{{- $svc := include "wattshift.scheduler.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- toYaml (list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns)) }}
{{- end }}

{{/* Data of the chart-made Secret (source helm): the one already in the cluster, so that an upgrade keeps the CA
     the daemons trust, or else a new CA and a certificate it signs (10 years: the chart keeps
     no CA key to renew it with, see docs/stream-tls.md). `lookup` sees no cluster under `helm template` and --dry-run: a fresh pair each time.
     Memoised in .Values so the Secret and the checksum annotations agree within one rendering. */}}
{{- define "wattshift.scheduler.tlsData" -}}
{{- if not (hasKey .Values.scheduler.tls "_generated") }}
{{- $name := include "wattshift.scheduler.tlsSecretName" . }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $name }}
{{- $data := dict }}
{{- if and $existing $existing.data (hasKey $existing.data "tls.crt") (hasKey $existing.data "tls.key") (hasKey $existing.data "ca.crt") }}
{{- $data = dict "tls.crt" (index $existing.data "tls.crt") "tls.key" (index $existing.data "tls.key") "ca.crt" (index $existing.data "ca.crt") }}
{{- else }}
{{- $svc := include "wattshift.scheduler.fullname" . }}
{{- $ca := genCA "wattshift-scheduler-ca" 3650 }}
{{- $cert := genSignedCert $svc nil (include "wattshift.scheduler.dnsNames" . | fromYamlArray) 3650 $ca }}
{{- $data = dict "tls.crt" ($cert.Cert | b64enc) "tls.key" ($cert.Key | b64enc) "ca.crt" ($ca.Cert | b64enc) }}
{{- end }}
{{- $_ := set .Values.scheduler.tls "_generated" $data }}
{{- end }}
{{- toYaml (get .Values.scheduler.tls "_generated") }}
{{- end }}

{{/* Checksum of one key of the TLS Secret, for a pod annotation that rolls the pods when it changes (the daemons
     read the CA only at start). Only the chart-made Secret is known at render time; "" otherwise. */}}
{{- define "wattshift.scheduler.tlsChecksum" -}}
{{- if and .ctx.Values.scheduler.tls.enabled (eq .ctx.Values.scheduler.tls.source "helm") }}
{{- index (include "wattshift.scheduler.tlsData" .ctx | fromYaml) .key | sha256sum }}
{{- end }}
{{- end }}

{{/* Milliseconds of a duration of the form the values schema allows (^[0-9]+(ms|s|m|h)$). */}}
{{- define "wattshift.durationMillis" -}}
{{- $d := toString . }}
{{- if hasSuffix "ms" $d }}{{ trimSuffix "ms" $d | int64 }}
{{- else if hasSuffix "s" $d }}{{ mul (trimSuffix "s" $d | int64) 1000 }}
{{- else if hasSuffix "m" $d }}{{ mul (trimSuffix "m" $d | int64) 60000 }}
{{- else if hasSuffix "h" $d }}{{ mul (trimSuffix "h" $d | int64) 3600000 }}
{{- else }}{{ fail (printf "not a duration: %q" $d) }}
{{- end }}
{{- end }}
