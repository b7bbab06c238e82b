/*
 * A stand-in for libnvidia-ml.so.1 with the same exported symbols and C types as nvml.h, and a scriptable state, so
 * that the daemon's tests run the real JNA path (dlopen, symbol lookup, struct marshalling) without a GPU.
 *
 * Control functions (fake_nvml_*) script the state: GPU count, per-GPU readings, forced return codes per feature
 * (NOT_SUPPORTED, NO_PERMISSION, GPU_IS_LOST, ...). At the first nvmlInit_v2, if the state was never scripted,
 * FAKE_NVML_GPUS (default 1) GPUs are created, which is how the daemon jar runs on it in the benchmark.
 * Not thread-safe beyond what the daemon needs (it calls NVML from one thread).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef struct fake_gpu *nvmlDevice_t;

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_UNKNOWN 999

/* Layouts copied field by field from nvml.h. */
typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;
typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct {
    char busIdLegacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;

enum feature { F_INIT, F_COUNT, F_HANDLE, F_UUID, F_NAME, F_PCI, F_POWER, F_LIMIT, F_CONSTRAINTS, F_DEFAULT_LIMIT,
               F_SET_LIMIT, F_ENERGY, F_TEMP, F_THRESHOLD, F_UTIL, F_MEMORY, F_REASONS, F_COUNT_FEATURES };
static const char *FEATURES[] = { "init", "count", "handle", "uuid", "name", "pci", "power", "limit", "constraints",
                                  "default_limit", "set_limit", "energy", "temp", "threshold", "util", "memory", "reasons" };

#define MAX_GPUS 64
struct fake_gpu {
    char name[96];
    char uuid[96];
    unsigned int power_mw, limit_mw, min_mw, max_mw, default_mw;
    unsigned long long energy_mj;
    double energy_clock;
    unsigned int temp, slowdown, shutdown, util_gpu, util_mem;
    unsigned long long mem_total, mem_used, reasons;
    unsigned int set_calls;
    int fail[F_COUNT_FEATURES];
};

static struct fake_gpu gpus[MAX_GPUS];
static unsigned int gpu_count;
static int scripted;
static int initialized;
static int global_fail[F_COUNT_FEATURES];

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- control API (not part of NVML) ---- */

void fake_nvml_reset(unsigned int count) {
    memset(gpus, 0, sizeof gpus);
    memset(global_fail, 0, sizeof global_fail);
    gpu_count = count > MAX_GPUS ? MAX_GPUS : count;
    scripted = 1;
    for (unsigned int i = 0; i < gpu_count; i++) {
        struct fake_gpu *g = &gpus[i];
        snprintf(g->name, sizeof g->name, "NVIDIA H100 80GB HBM3");
        snprintf(g->uuid, sizeof g->uuid, "GPU-00000000-0000-0000-0000-%012u", i);
        g->power_mw = 300000 + 1000 * i;
        g->limit_mw = g->default_mw = g->max_mw = 700000;
        g->min_mw = 200000;
        g->energy_mj = 1000000ULL * (i + 1);
        g->temp = 60 + i;
        g->slowdown = 87;
        g->shutdown = 92;
        g->util_gpu = 90;
        g->util_mem = 40;
        g->mem_total = 85899345920ULL;  /* 80 GiB */
        g->mem_used = 21474836480ULL;   /* 20 GiB */
        g->reasons = 0;
    }
}

static int feature_index(const char *feature) {
    for (int f = 0; f < F_COUNT_FEATURES; f++) {
        if (strcmp(FEATURES[f], feature) == 0) return f;
    }
    return -1;
}

/* Makes every call of `feature` on `gpu` (or on all GPUs and the library when gpu < 0) return `code`; 0 clears. */
int fake_nvml_fail(int gpu, const char *feature, int code) {
    int f = feature_index(feature);
    if (f < 0 || gpu >= (int) MAX_GPUS) return -1;
    if (gpu < 0) global_fail[f] = code; else gpus[gpu].fail[f] = code;
    return 0;
}

/* The GPU falls off the bus: every later query of it answers GPU_IS_LOST, as the real driver does. */
int fake_nvml_lose(unsigned int gpu) {
    if (gpu >= MAX_GPUS) return -1;
    for (int f = F_HANDLE; f < F_COUNT_FEATURES; f++) gpus[gpu].fail[f] = NVML_ERROR_GPU_IS_LOST;
    return 0;
}

/* Sets one numeric field of one GPU; returns -1 for an unknown field. */
int fake_nvml_set(unsigned int gpu, const char *field, unsigned long long value) {
    if (gpu >= MAX_GPUS) return -1;
    struct fake_gpu *g = &gpus[gpu];
    if (!strcmp(field, "power_mw")) g->power_mw = value;
    else if (!strcmp(field, "limit_mw")) g->limit_mw = value;
    else if (!strcmp(field, "min_mw")) g->min_mw = value;
    else if (!strcmp(field, "max_mw")) g->max_mw = value;
    else if (!strcmp(field, "default_mw")) g->default_mw = value;
    else if (!strcmp(field, "energy_mj")) { g->energy_mj = value; g->energy_clock = 0; }
    else if (!strcmp(field, "temp")) g->temp = value;
    else if (!strcmp(field, "slowdown")) g->slowdown = value;
    else if (!strcmp(field, "shutdown")) g->shutdown = value;
    else if (!strcmp(field, "util_gpu")) g->util_gpu = value;
    else if (!strcmp(field, "util_mem")) g->util_mem = value;
    else if (!strcmp(field, "mem_total")) g->mem_total = value;
    else if (!strcmp(field, "mem_used")) g->mem_used = value;
    else if (!strcmp(field, "reasons")) g->reasons = value;
    else return -1;
    return 0;
}

int fake_nvml_set_name(unsigned int gpu, const char *name) {
    if (gpu >= MAX_GPUS) return -1;
    snprintf(gpus[gpu].name, sizeof gpus[gpu].name, "%s", name);
    return 0;
}

unsigned int fake_nvml_set_calls(unsigned int gpu) { return gpu < MAX_GPUS ? gpus[gpu].set_calls : 0; }
unsigned int fake_nvml_limit(unsigned int gpu) { return gpu < MAX_GPUS ? gpus[gpu].limit_mw : 0; }
int fake_nvml_initialized(void) { return initialized; }

/* ---- NVML API ---- */

static nvmlReturn_t check(nvmlDevice_t d, enum feature f) {
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    if (global_fail[f]) return global_fail[f];
    if (d == NULL || d < gpus || d >= gpus + gpu_count) return NVML_ERROR_INVALID_ARGUMENT;
    return d->fail[f];
}

nvmlReturn_t nvmlInit_v2(void) {
    if (!scripted) {
        const char *env = getenv("FAKE_NVML_GPUS");
        fake_nvml_reset(env ? (unsigned int) atoi(env) : 1);
    }
    if (global_fail[F_INIT]) return global_fail[F_INIT];
    initialized++;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    initialized--;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case 9: return "Driver Not Loaded";
        case 15: return "GPU is lost";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    if (length < 11) return NVML_ERROR_INSUFFICIENT_SIZE;
    snprintf(version, length, "570.86.15");
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    if (global_fail[F_COUNT]) return global_fail[F_COUNT];
    *count = gpu_count;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (!initialized) return NVML_ERROR_UNINITIALIZED;
    if (index >= gpu_count) return NVML_ERROR_INVALID_ARGUMENT;
    if (gpus[index].fail[F_HANDLE]) return gpus[index].fail[F_HANDLE];
    *device = &gpus[index];
    return NVML_SUCCESS;
}

#define CHECK(dev, feat) do { nvmlReturn_t r_ = check(dev, feat); if (r_) return r_; } while (0)

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int length) {
    CHECK(d, F_UUID);
    if (length < strlen(d->uuid) + 1) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(uuid, d->uuid);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int length) {
    CHECK(d, F_NAME);
    if (length < strlen(d->name) + 1) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(name, d->name);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t d, nvmlPciInfo_t *pci) {
    CHECK(d, F_PCI);
    unsigned int i = (unsigned int) (d - gpus);
    memset(pci, 0, sizeof *pci);
    pci->domain = 0;
    pci->bus = 0x18 + i;
    pci->device = 0;
    pci->pciDeviceId = 0x233010DE;
    pci->pciSubSystemId = 0x16C110DE;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "0000:%02X:00.0", pci->bus);
    snprintf(pci->busId, sizeof pci->busId, "00000000:%02X:00.0", pci->bus);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *power) {
    CHECK(d, F_POWER);
    *power = d->power_mw < d->limit_mw ? d->power_mw : d->limit_mw;  /* a cap holds draw down, like the firmware */
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t d, unsigned int *limit) {
    CHECK(d, F_LIMIT);
    *limit = d->limit_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimit(nvmlDevice_t d, unsigned int *limit) {
    CHECK(d, F_LIMIT);
    *limit = d->limit_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimitConstraints(nvmlDevice_t d, unsigned int *min, unsigned int *max) {
    CHECK(d, F_CONSTRAINTS);
    *min = d->min_mw;
    *max = d->max_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerManagementDefaultLimit(nvmlDevice_t d, unsigned int *limit) {
    CHECK(d, F_DEFAULT_LIMIT);
    *limit = d->default_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceSetPowerManagementLimit(nvmlDevice_t d, unsigned int limit) {
    CHECK(d, F_SET_LIMIT);
    d->set_calls++;
    if (limit < d->min_mw || limit > d->max_mw) return NVML_ERROR_INVALID_ARGUMENT;
    d->limit_mw = limit;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *energy) {
    CHECK(d, F_ENERGY);
    double now = now_seconds();
    if (d->energy_clock > 0) {
        unsigned int p = d->power_mw < d->limit_mw ? d->power_mw : d->limit_mw;
        d->energy_mj += (unsigned long long) (p * (now - d->energy_clock));
    }
    d->energy_clock = now;
    *energy = d->energy_mj;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t d, int sensor, unsigned int *temp) {
    CHECK(d, F_TEMP);
    if (sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
    *temp = d->temp;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperatureThreshold(nvmlDevice_t d, int type, unsigned int *temp) {
    CHECK(d, F_THRESHOLD);
    if (type == 0) *temp = d->shutdown;        /* NVML_TEMPERATURE_THRESHOLD_SHUTDOWN */
    else if (type == 1) *temp = d->slowdown;   /* NVML_TEMPERATURE_THRESHOLD_SLOWDOWN */
    else return NVML_ERROR_NOT_SUPPORTED;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *util) {
    CHECK(d, F_UTIL);
    util->gpu = d->util_gpu;
    util->memory = d->util_mem;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *memory) {
    CHECK(d, F_MEMORY);
    memory->total = d->mem_total;
    memory->free = d->mem_total - d->mem_used;
    memory->used = d->mem_used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t d, unsigned long long *reasons) {
    CHECK(d, F_REASONS);
    *reasons = d->reasons;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t d, unsigned long long *reasons) {
    return nvmlDeviceGetCurrentClocksEventReasons(d, reasons);
}
