// SPDX-License-Identifier: GPL-2.0
/*
 * SVPN's own /init for the default Linux guest.
 *
 * The same binary runs natively (QEMU + OpenSBI, the oracle) and under
 * SVPN. Every check prints exactly one line whose text does not depend on
 * timing, so the two console logs can be compared line by line:
 *
 *	SVPN-INIT: start
 *	SVPN-CHECK <name>: ok[ (detail)]  |  SVPN-CHECK <name>: FAIL <reason>
 *	SVPN-INIT: checks done, N passed, M failed
 *
 * What follows depends on the kernel command line (/proc/cmdline):
 *	svpn.autotest		power off, so that QEMU exits
 *	svpn.bench[=a,b]	time the workloads with rdtime
 *				("SVPN-BENCH <name> <ticks>"), power off
 *	neither			an interactive "svpn# " prompt on the console
 *
 * "/init --child [code]" exits at once with <code>: the fork/exec check
 * and the exec benchmark run the binary itself, so the initramfs needs no
 * second program. Run as any pid but 1, /init only runs the checks.
 *
 * Build: riscv64-linux-gnu-gcc -static -O2 -o init init.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SELF	   "/init"
#define CHILD_FLAG "--child"
#define MSG_LEN	   160

/* ---- output ------------------------------------------------------------ */

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= n;
	}
}

/*
 * One write() per message and no stdio buffer: nothing is left in a buffer
 * that a fork() would duplicate, and lines do not interleave.
 */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(buf))
		len = sizeof(buf) - 1;
	write_all(STDOUT_FILENO, buf, len);
}

static inline uint64_t rdtime(void)
{
	uint64_t t;

	asm volatile("rdtime %0" : "=r"(t));
	return t;
}

/* ---- setup ------------------------------------------------------------- */

static void mount_one(const char *src, const char *dir, const char *type)
{
	if (mkdir(dir, 0755) && errno != EEXIST)
		say("SVPN-INIT: mkdir %s: %s\n", dir, strerror(errno));
	/* EBUSY: already mounted, e.g. by CONFIG_DEVTMPFS_MOUNT. */
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		say("SVPN-INIT: mount %s on %s: %s\n", type, dir, strerror(errno));
}

/*
 * The kernel opens /dev/console as fds 0-2 only if the initramfs holds the
 * node. Without it, fall back to devtmpfs's node so the log is not lost.
 */
static void setup_console(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static void setup(void)
{
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	mount_one("devtmpfs", "/dev", "devtmpfs");
	mount_one("tmpfs", "/tmp", "tmpfs");
	setup_console();
}

/* ---- helpers shared by checks and benchmarks --------------------------- */

/*
 * The system call, not the vDSO: Linux 6.1's RISC-V vDSO clock_gettime was
 * seen to fault (a NULL data pointer) in a native QEMU + OpenSBI run with
 * 4 harts, and the checks must not depend on that.
 */
static uint64_t mono_ns(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* fork + execve("/init --child <code>") + waitpid: the wait status, or -1. */
static int spawn_self(int code)
{
	char arg[16];
	char *argv[] = { SELF, CHILD_FLAG, arg, NULL };
	int status;
	pid_t pid;

	snprintf(arg, sizeof(arg), "%d", code);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(SELF, argv, environ);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* ---- checks ------------------------------------------------------------ */

/* A check returns true on success; msg holds a detail or the reason. */
typedef bool (*check_fn)(char *msg);

static bool __attribute__((format(printf, 2, 3))) fail(char *msg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, MSG_LEN, fmt, ap);
	va_end(ap);
	return false;
}

/* Mounted means its own superblock (st_dev differs from /) of that type. */
static bool check_mounts(char *msg)
{
	static const struct {
		const char *dir;
		long magic;
	} mounts[] = {
		{ "/proc", PROC_SUPER_MAGIC },
		{ "/sys", SYSFS_MAGIC },
		{ "/dev", TMPFS_MAGIC }, /* devtmpfs is tmpfs inside */
		{ "/tmp", TMPFS_MAGIC },
	};
	struct stat root, st;
	struct statfs fs;
	size_t i;

	if (stat("/", &root))
		return fail(msg, "stat /: %s", strerror(errno));
	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		const char *dir = mounts[i].dir;

		if (stat(dir, &st) || statfs(dir, &fs))
			return fail(msg, "%s: %s", dir, strerror(errno));
		if (st.st_dev == root.st_dev)
			return fail(msg, "%s not mounted", dir);
		if (fs.f_type != mounts[i].magic)
			return fail(msg, "%s has type 0x%lx", dir, (long)fs.f_type);
	}
	return true;
}

static bool check_uname(char *msg)
{
	struct utsname u;

	if (uname(&u))
		return fail(msg, "uname: %s", strerror(errno));
	if (strcmp(u.sysname, "Linux"))
		return fail(msg, "sysname %s", u.sysname);
	if (strcmp(u.machine, "riscv64"))
		return fail(msg, "machine %s", u.machine);
	return true;
}

/* The hart count is the same natively and under SVPN for the same -smp. */
static bool check_cpuinfo(char *msg)
{
	char line[256];
	int harts = 0;
	FILE *f;

	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return fail(msg, "/proc/cpuinfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "processor", 9))
			harts++;
	fclose(f);
	if (harts < 1)
		return fail(msg, "no processor lines");
	snprintf(msg, MSG_LEN, " (harts=%d)", harts);
	return true;
}

/* Distinct exit codes prove each child really ran /init with its argv. */
static bool check_forkexec(char *msg)
{
	int i, status;

	for (i = 1; i <= 20; i++) {
		status = spawn_self(i);
		if (status < 0)
			return fail(msg, "round %d: %s", i, strerror(errno));
		if (!WIFEXITED(status))
			return fail(msg, "round %d: child status 0x%x", i, status);
		if (WEXITSTATUS(status) != i)
			return fail(msg, "round %d: exit code %d", i, WEXITSTATUS(status));
	}
	return true;
}

/* Byte i of the tmpfs test file; the size spans several pages. */
#define TMPFS_FILE "/tmp/svpn-check"
#define TMPFS_SIZE (3 * 4096 + 123)

static unsigned char pattern(size_t i)
{
	return (i * 31 + 7) ^ (i >> 8);
}

static bool tmpfs_write(char *msg, const unsigned char *buf)
{
	int fd = open(TMPFS_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return fail(msg, "create: %s", strerror(errno));
	if (write(fd, buf, TMPFS_SIZE) != TMPFS_SIZE) {
		close(fd);
		return fail(msg, "write: %s", strerror(errno));
	}
	if (close(fd))
		return fail(msg, "close: %s", strerror(errno));
	return true;
}

static bool tmpfs_read(char *msg, unsigned char *buf)
{
	int fd = open(TMPFS_FILE, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fail(msg, "open: %s", strerror(errno));
	/* Ask for one byte more to see that the size is exact. */
	n = read(fd, buf, TMPFS_SIZE + 1);
	close(fd);
	if (n != TMPFS_SIZE)
		return fail(msg, "read %zd bytes, wanted %d", n, TMPFS_SIZE);
	return true;
}

static bool check_tmpfs(char *msg)
{
	static unsigned char out[TMPFS_SIZE], in[TMPFS_SIZE + 1];
	bool ok;
	size_t i;

	for (i = 0; i < TMPFS_SIZE; i++)
		out[i] = pattern(i);
	ok = tmpfs_write(msg, out) && tmpfs_read(msg, in);
	unlink(TMPFS_FILE);
	if (!ok)
		return false;
	for (i = 0; i < TMPFS_SIZE; i++)
		if (in[i] != out[i])
			return fail(msg, "byte %zu is 0x%02x, wrote 0x%02x", i, in[i], out[i]);
	return true;
}

static bool check_sleep(char *msg)
{
	struct timespec req = { 0, 100 * 1000 * 1000 }, rem;
	uint64_t start, slept;

	start = mono_ns();
	while (nanosleep(&req, &rem))
		if (errno == EINTR)
			req = rem;
		else
			return fail(msg, "nanosleep: %s", strerror(errno));
	slept = mono_ns() - start;
	/* The duration only goes into a failure: it varies from run to run. */
	if (slept < 100 * 1000 * 1000)
		return fail(msg, "slept only %llu ns", (unsigned long long)slept);
	return true;
}

static volatile sig_atomic_t last_signal;

static void on_signal(int sig)
{
	last_signal = sig;
}

static void set_handler(int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/*
 * Two ways in: kill() to self is delivered before kill() returns; the
 * interval timer fires from the timer interrupt while the process spins in
 * user mode, which is the case a hypervisor can get wrong.
 */
static bool check_signal(char *msg)
{
	struct itimerval it = { .it_value = { 0, 20 * 1000 } };
	uint64_t deadline;
	bool ok = true;

	set_handler(SIGUSR1, on_signal);
	set_handler(SIGALRM, on_signal);
	last_signal = 0;
	kill(getpid(), SIGUSR1);
	if (last_signal != SIGUSR1)
		ok = fail(msg, "SIGUSR1 to self not delivered");

	last_signal = 0;
	deadline = mono_ns() + 2000ull * 1000 * 1000;
	if (ok && setitimer(ITIMER_REAL, &it, NULL))
		ok = fail(msg, "setitimer: %s", strerror(errno));
	while (ok && last_signal != SIGALRM)
		if (mono_ns() > deadline)
			ok = fail(msg, "SIGALRM not delivered within 2 s");

	set_handler(SIGUSR1, SIG_DFL);
	set_handler(SIGALRM, SIG_DFL);
	return ok;
}

static const struct check {
	const char *name;
	check_fn fn;
} checks[] = {
	{ "mounts", check_mounts },	{ "uname", check_uname }, { "cpuinfo", check_cpuinfo },
	{ "forkexec", check_forkexec }, { "tmpfs", check_tmpfs }, { "sleep", check_sleep },
	{ "signal", check_signal },
};

/* Returns the number of failed checks. */
static int run_checks(void)
{
	int n = sizeof(checks) / sizeof(checks[0]);
	int i, failed = 0;
	char msg[MSG_LEN];

	for (i = 0; i < n; i++) {
		msg[0] = '\0';
		if (checks[i].fn(msg)) {
			say("SVPN-CHECK %s: ok%s\n", checks[i].name, msg);
		} else {
			say("SVPN-CHECK %s: FAIL %s\n", checks[i].name, msg);
			failed++;
		}
	}
	say("SVPN-INIT: checks done, %d passed, %d failed\n", n - failed, failed);
	return failed;
}

/* ---- benchmarks -------------------------------------------------------- */

/* A workload returns NULL on success or why it failed. */
typedef const char *(*bench_fn)(void);

static const char *bench_forkwait(void)
{
	int i, status;
	pid_t pid;

	for (i = 0; i < 1000; i++) {
		pid = fork();
		if (pid < 0)
			return "fork failed";
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid || status)
			return "bad child status";
	}
	return NULL;
}

static const char *bench_syscall(void)
{
	pid_t me = getpid();
	int i;

	/* syscall() rather than getpid(): no libc caching, a real ecall. */
	for (i = 0; i < 100000; i++)
		if (syscall(SYS_getpid) != me)
			return "getpid mismatch";
	return NULL;
}

static const char *bench_pagetouch(void)
{
	const size_t size = 32 << 20, page = sysconf(_SC_PAGESIZE);
	volatile char *p;
	size_t off;
	int round;

	for (round = 0; round < 4; round++) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return "mmap failed";
		for (off = 0; off < size; off += page)
			p[off] = 1;
		munmap((void *)p, size);
	}
	return NULL;
}

/* The child echoes every byte back until the parent closes its pipe. */
static void pingpong_child(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
	_exit(0);
}

static const char *bench_ctxswitch(void)
{
	int down[2], up[2], i, status;
	const char *err = NULL;
	char c = 'x';
	pid_t pid;

	if (pipe(down) || pipe(up))
		return "pipe failed";
	pid = fork();
	if (pid < 0)
		return "fork failed";
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		pingpong_child(down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	for (i = 0; i < 10000 && !err; i++)
		if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1)
			err = "round trip failed";
	close(down[1]);
	close(up[0]);
	if (waitpid(pid, &status, 0) != pid || status)
		err = err ?: "bad child status";
	return err;
}

static const char *bench_exec(void)
{
	int i;

	for (i = 0; i < 100; i++)
		if (spawn_self(0) != 0)
			return "spawn failed";
	return NULL;
}

/*
 * The disk workloads: /dev/vda (a scratch disk the bench gives both runs, at
 * least DISK_BYTES), with O_DIRECT so that every byte goes to the device and
 * not the page cache. Run only when named: a guest without a disk has none.
 */
#define DISK_DEV     "/dev/vda"
#define DISK_BYTES   (64UL << 20)
#define DISK_CHUNK   (1UL << 20) /* bytes per sequential request */
#define DISK_BLOCK   4096UL	 /* bytes per random read */
#define DISK_RANDOMS 2048

static const char *disk_run(int flags, bool write, bool random)
{
	unsigned long n = random ? DISK_RANDOMS : DISK_BYTES / DISK_CHUNK, i;
	size_t len = random ? DISK_BLOCK : DISK_CHUNK;
	uint64_t lcg = 1; /* the same offsets natively and under SVPN */
	const char *err = NULL;
	void *buf;
	int fd;

	if (posix_memalign(&buf, DISK_BLOCK, DISK_CHUNK))
		return "no memory for the buffer";
	memset(buf, 0x5a, DISK_CHUNK);
	fd = open(DISK_DEV, flags | O_DIRECT);
	if (fd < 0) {
		free(buf);
		return "cannot open " DISK_DEV " with O_DIRECT";
	}
	for (i = 0; i < n && !err; i++) {
		off_t off = i * len;

		if (random) {
			lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
			off = (lcg >> 33) % (DISK_BYTES / DISK_BLOCK) * DISK_BLOCK;
		}
		if ((write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off)) != (ssize_t)len)
			err = write ? "short write" : "short read";
	}
	if (!err && write && fsync(fd))
		err = "fsync failed";
	close(fd);
	free(buf);
	return err;
}

static const char *bench_diskwrite(void)
{
	return disk_run(O_WRONLY, true, false);
}

static const char *bench_diskread(void)
{
	return disk_run(O_RDONLY, false, false);
}

static const char *bench_diskrand(void)
{
	return disk_run(O_RDONLY, false, true);
}

struct workload {
	const char *name;
	bench_fn fn;
};

/* All of these run when svpn.bench names none. */
static const struct workload workloads[] = {
	{ "forkwait", bench_forkwait },	  { "syscall", bench_syscall },
	{ "pagetouch", bench_pagetouch }, { "ctxswitch", bench_ctxswitch },
	{ "exec", bench_exec },
};

#define NR_WORKLOADS (sizeof(workloads) / sizeof(workloads[0]))

static const struct workload disk_workloads[] = {
	{ "diskwrite", bench_diskwrite },
	{ "diskread", bench_diskread },
	{ "diskrand", bench_diskrand },
};

static const struct workload *find_workload(const char *name)
{
	size_t i;

	for (i = 0; i < NR_WORKLOADS; i++)
		if (!strcmp(name, workloads[i].name))
			return &workloads[i];
	for (i = 0; i < sizeof(disk_workloads) / sizeof(disk_workloads[0]); i++)
		if (!strcmp(name, disk_workloads[i].name))
			return &disk_workloads[i];
	return NULL;
}

static void run_workload(const struct workload *w)
{
	const char *err;
	uint64_t start;

	start = rdtime();
	err = w->fn();
	if (err)
		say("SVPN-BENCH %s FAIL %s\n", w->name, err);
	else
		say("SVPN-BENCH %s %llu\n", w->name, (unsigned long long)(rdtime() - start));
}

/* The device tree's timebase turns ticks into seconds. */
static void print_timebase(void)
{
	unsigned char be[4];
	int fd;

	fd = open("/proc/device-tree/cpus/timebase-frequency", O_RDONLY);
	if (fd < 0)
		return;
	if (read(fd, be, 4) == 4)
		say("SVPN-INIT: timebase %u Hz\n",
		    (unsigned)be[0] << 24 | be[1] << 16 | be[2] << 8 | be[3]);
	close(fd);
}

/* names: NULL or "" for every workload, else a comma-separated list. */
static void run_benchmarks(const char *names)
{
	char list[128], *name, *save;
	size_t i;

	print_timebase();
	if (!names || !*names) {
		for (i = 0; i < NR_WORKLOADS; i++)
			run_workload(&workloads[i]);
		return;
	}
	snprintf(list, sizeof(list), "%s", names);
	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct workload *w = find_workload(name);

		if (w)
			run_workload(w);
		else
			say("SVPN-BENCH %s FAIL unknown workload\n", name);
	}
}

/* ---- kernel command line ----------------------------------------------- */

static char cmdline[4096];

static void read_cmdline(void)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n = 0;

	if (fd >= 0) {
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
	}
	cmdline[n > 0 ? n : 0] = '\0';
}

/*
 * Look for "key" or "key=value" among the words of the command line.
 * Returns NULL if absent, "" for a bare key, else a static copy of value.
 */
static const char *cmdline_param(const char *key)
{
	static char value[128];
	size_t klen = strlen(key), len;
	const char *p = cmdline;

	while (*p) {
		len = strcspn(p, " \t\n");
		if (len >= klen && !strncmp(p, key, klen)) {
			if (len == klen)
				return "";
			if (p[klen] == '=') {
				len -= klen + 1;
				if (len >= sizeof(value))
					len = sizeof(value) - 1;
				memcpy(value, p + klen + 1, len);
				value[len] = '\0';
				return value;
			}
		}
		p += len;
		p += strspn(p, " \t\n");
	}
	return NULL;
}

static void power_off(int how)
{
	sync();
	reboot(how);
	say("SVPN-INIT: reboot(0x%x) failed: %s\n", how, strerror(errno));
}

/* ---- interactive shell -------------------------------------------------- */

#define MAX_ARGS 16

static void cmd_help(int argc, char **argv);

static void cmd_uname(int argc, char **argv)
{
	struct utsname u;

	(void)argc;
	(void)argv;
	if (uname(&u)) {
		say("uname: %s\n", strerror(errno));
		return;
	}
	say("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version, u.machine);
}

static void cat_file(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("cat: %s: %s\n", path, strerror(errno));
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write_all(STDOUT_FILENO, buf, n);
	if (n < 0)
		say("cat: %s: %s\n", path, strerror(errno));
	close(fd);
}

static void cmd_cat(int argc, char **argv)
{
	int i;

	if (argc < 2)
		say("usage: cat <file>...\n");
	for (i = 1; i < argc; i++)
		cat_file(argv[i]);
}

static void cmd_ls(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct dirent **names;
	int i, n;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		say("ls: %s: %s\n", dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			say("%s%s\n", names[i]->d_name, names[i]->d_type == DT_DIR ? "/" : "");
		free(names[i]);
	}
	free(names);
}

static void cmd_echo(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		say("%s%s", argv[i], i + 1 < argc ? " " : "");
	say("\n");
}

static void cmd_bench(int argc, char **argv)
{
	run_benchmarks(argc > 1 ? argv[1] : NULL);
}

static void cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	power_off(RB_POWER_OFF);
}

static void cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	power_off(RB_AUTOBOOT);
}

static const struct builtin {
	const char *name;
	const char *help;
	void (*fn)(int argc, char **argv);
} builtins[] = {
	{ "help", "list the commands", cmd_help },
	{ "uname", "print the kernel's identity", cmd_uname },
	{ "cat", "<file>...: print files", cmd_cat },
	{ "ls", "[dir]: list a directory", cmd_ls },
	{ "echo", "[word]...: print the words", cmd_echo },
	{ "bench", "[name,...]: run benchmarks", cmd_bench },
	{ "poweroff", "power the machine off", cmd_poweroff },
	{ "reboot", "reset the machine", cmd_reboot },
};

#define NR_BUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static void cmd_help(int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NR_BUILTINS; i++)
		say("  %-9s %s\n", builtins[i].name, builtins[i].help);
	say("  /path     run a program (\"/init\" reruns the checks)\n");
}

/* Run a program by path, wait for it and report an unusual end. */
static void run_program(char **argv)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		say("fork: %s\n", strerror(errno));
		return;
	}
	if (pid == 0) {
		execve(argv[0], argv, environ);
		say("%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		say("waitpid: %s\n", strerror(errno));
	else if (WIFSIGNALED(status))
		say("%s: killed by signal %d\n", argv[0], WTERMSIG(status));
	else if (WEXITSTATUS(status))
		say("%s: exit %d\n", argv[0], WEXITSTATUS(status));
}

static void run_command(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < NR_BUILTINS; i++) {
		if (!strcmp(argv[0], builtins[i].name)) {
			builtins[i].fn(argc, argv);
			return;
		}
	}
	if (strchr(argv[0], '/'))
		run_program(argv);
	else
		say("%s: unknown command, try help\n", argv[0]);
}

/*
 * One line from stdin without its end (\n or \r). A tty in canonical mode
 * returns a line per read(), a pipe may return several: keep the rest for
 * the next call. Returns -1 at end of input.
 */
static int read_line(char *line, size_t size)
{
	static char buf[512];
	static size_t have; /* bytes in buf, which stays NUL-terminated */
	size_t len, used, i;
	ssize_t n;

	for (;;) {
		len = strcspn(buf, "\r\n");
		if (len < have || have == sizeof(buf) - 1)
			break;
		n = read(STDIN_FILENO, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		/* A NUL byte would hide the rest of the buffer from strcspn. */
		for (i = have; i < have + n; i++)
			if (!buf[i])
				buf[i] = ' ';
		have += n;
		buf[have] = '\0';
	}
	used = len < have ? len + 1 : have;
	if (len > size - 1)
		len = size - 1;
	memcpy(line, buf, len);
	line[len] = '\0';
	memmove(buf, buf + used, have - used + 1);
	have -= used;
	return 0;
}

static int split(char *line, char **argv)
{
	char *save, *word;
	int argc = 0;

	for (word = strtok_r(line, " \t", &save); word && argc < MAX_ARGS;
	     word = strtok_r(NULL, " \t", &save))
		argv[argc++] = word;
	argv[argc] = NULL;
	return argc;
}

/* Never returns: at end of input (not a tty) the machine powers off. */
static void shell(void)
{
	char line[256], *argv[MAX_ARGS + 1];
	int argc;

	say("SVPN-INIT: shell ready, type help\n");
	for (;;) {
		say("svpn# ");
		if (read_line(line, sizeof(line))) {
			if (isatty(STDIN_FILENO))
				continue;
			say("\n");
			power_off(RB_POWER_OFF);
			pause();
			continue;
		}
		argc = split(line, argv);
		if (argc)
			run_command(argc, argv);
	}
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	/* Ticks since hart reset: firmware + kernel boot time. */
	uint64_t boot_ticks = rdtime();
	const char *bench;

	if (argc > 1 && !strcmp(argv[1], CHILD_FLAG))
		return argc > 2 ? atoi(argv[2]) : 0;
	if (getpid() != 1)
		return run_checks() ? 1 : 0;

	setup();
	say("SVPN-INIT: start\n");
	run_checks();
	read_cmdline();

	if (cmdline_param("svpn.autotest")) {
		power_off(RB_POWER_OFF);
		return 1; /* pid 1 exiting panics: QEMU still stops */
	}
	bench = cmdline_param("svpn.bench");
	if (bench) {
		say("SVPN-BENCH boot %llu\n", (unsigned long long)boot_ticks);
		run_benchmarks(bench);
		power_off(RB_POWER_OFF);
		return 1;
	}
	shell();
	return 0;
}
