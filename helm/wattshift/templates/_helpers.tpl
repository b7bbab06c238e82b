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

{{/* In-cluster URL of the scheduler's HTTP endpoint (telemetry ingest for the node daemons). */}}
{{- define "wattshift.scheduler.url" -}}
{{- printf "http://%s.%s.svc:%v" (include "wattshift.scheduler.fullname" .) .Release.Namespace .Values.scheduler.service.port }}
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
