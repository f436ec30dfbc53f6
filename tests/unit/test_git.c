/*
 * Unit tests for src/git's branch writer (cc_git_commit_files): the
 * compare-and-swap that keeps racing publishers from dropping each other's
 * commits, in a real repository made with libgit2 in a scratch directory.
 */
#include "testutil.h"

#include "base/base.h"
#include "git/git.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *repo_new(void)
{
	char *dir = tu_mkdtemp();
	git_repository *r = NULL;
	git_libgit2_init();
	assert_int_equal(git_repository_init(&r, dir, 0), 0);
	git_repository_free(r);
	return dir;
}

static int put(cc_git *g, const char *tip, const char *path, const char *data, char out[41])
{
	cc_error err = { 0 };
	cc_git_file f = { path, data, strlen(data) };
	int rc = cc_git_commit_files(g, "gh-pages", tip, &f, 1, "m\n", 1700000000, out, &err);
	cc_error_clear(&err);
	return rc;
}

static void tip_is(cc_git *g, const char *want)
{
	cc_error err = { 0 };
	char tip[41];
	assert_int_equal(cc_git_branch_tip(g, "gh-pages", tip, &err), CC_OK);
	assert_string_equal(tip, want);
}

static void test_commit_and_swap(void **state)
{
	(void)state;
	char *dir = repo_new();
	cc_git *g = NULL;
	cc_error err = { 0 };
	char first[41], second[41], lost[41];
	assert_int_equal(cc_git_open(dir, &g, &err), CC_OK);
	tip_is(g, "");
	assert_int_equal(put(g, "", "a.txt", "a\n", first), CC_OK);
	tip_is(g, first);
	/* a second "first" publisher finds the branch made: told so, nothing moved */
	assert_int_equal(put(g, "", "b.txt", "b\n", lost), CC_EEXIST);
	tip_is(g, first);
	assert_int_equal(put(g, first, "b.txt", "b\n", second), CC_OK);
	tip_is(g, second);
	/* a publisher that read the old tip loses */
	assert_int_equal(put(g, first, "c.txt", "c\n", lost), CC_EEXIST);
	tip_is(g, second);
	cc_buf got = CC_BUF_INIT;
	assert_int_equal(cc_git_read(g, second, "a.txt", 100, &got, &err), CC_OK);
	assert_int_equal(got.len, 2);
	cc_buf_free(&got);
	assert_int_equal(cc_git_read(g, second, "c.txt", 100, &got, &err), CC_ENOTFOUND);
	cc_error_clear(&err);
	cc_buf_free(&got);
	cc_git_free(g);
	tu_rmtree(dir);
	free(dir);
}

/* Another writer holding the branch's lock file is a lost race, to be read again, not a failure. */
static void test_locked(void **state)
{
	(void)state;
	char *dir = repo_new();
	cc_git *g = NULL;
	cc_error err = { 0 };
	char first[41], lost[41];
	assert_int_equal(cc_git_open(dir, &g, &err), CC_OK);
	assert_int_equal(put(g, "", "a.txt", "a\n", first), CC_OK);
	tu_write(dir, ".git/refs/heads/gh-pages.lock", "held\n", (size_t)-1);
	assert_int_equal(put(g, first, "b.txt", "b\n", lost), CC_EEXIST);
	tip_is(g, first);
	cc_git_free(g);
	tu_rmtree(dir);
	free(dir);
}

/*
 * Processes creating the branch at once: exactly one wins each round.
 * An existence test made outside the ref's lock lets two win, the first
 * commit then silently dropped.
 */
static void test_first_race(void **state)
{
	(void)state;
	enum { ROUNDS = 30, RACERS = 4 };
	for (int round = 0; round < ROUNDS; round++) {
		char *dir = repo_new();
		int go[2];
		pid_t pids[RACERS];
		assert_int_equal(pipe(go), 0);
		for (int i = 0; i < RACERS; i++) {
			pids[i] = fork();
			assert_true(pids[i] >= 0);
			if (pids[i] == 0) {
				char c, out[41], path[16];
				cc_git *g = NULL;
				cc_error err = { 0 };
				close(go[1]);
				git_libgit2_init();
				if (cc_git_open(dir, &g, &err) != CC_OK)
					_exit(3);
				snprintf(path, sizeof(path), "f%d", i);
				(void)!read(go[0], &c, 1); /* all start when the pipe closes */
				int rc = put(g, "", path, "x\n", out);
				_exit(rc == CC_OK ? 0 : rc == CC_EEXIST ? 1 : 2);
			}
		}
		close(go[0]);
		close(go[1]);
		int won = 0, lost = 0;
		for (int i = 0; i < RACERS; i++) {
			int st = 0;
			assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
			assert_true(WIFEXITED(st));
			won += WEXITSTATUS(st) == 0;
			lost += WEXITSTATUS(st) == 1;
		}
		assert_int_equal(won, 1);
		assert_int_equal(lost, RACERS - 1);
		tu_rmtree(dir);
		free(dir);
	}
}

/* Release tags: made on the commit named, kept when there, never moved. */
static void test_tag(void **state)
{
	(void)state;
	char *dir = repo_new();
	cc_git *g = NULL;
	cc_error err = { 0 };
	char first[41], second[41];
	int made = -1;
	assert_int_equal(cc_git_open(dir, &g, &err), CC_OK);
	assert_int_equal(put(g, "", "a.txt", "a\n", first), CC_OK);
	assert_int_equal(put(g, first, "b.txt", "b\n", second), CC_OK);
	assert_int_equal(cc_git_tag(g, "web-1.0.0", "gh-pages~1", &made, &err), CC_OK);
	assert_int_equal(made, 1);
	char at[41];
	assert_int_equal(cc_git_resolve(g, "web-1.0.0", at, &err), CC_OK);
	assert_string_equal(at, first);
	assert_int_equal(cc_git_tag(g, "web-1.0.0", first, &made, &err), CC_OK);
	assert_int_equal(made, 0);
	assert_int_equal(cc_git_tag(g, "web-1.0.0", "gh-pages", &made, &err), CC_EEXIST);
	assert_int_equal(made, 0);
	assert_non_null(strstr(err.msg, "already names commit"));
	assert_int_equal(cc_git_resolve(g, "web-1.0.0", at, &err), CC_OK);
	assert_string_equal(at, first);
	assert_int_equal(cc_git_tag(g, "bad..name", "gh-pages", &made, &err), CC_ERROR);
	cc_git_free(g);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_and_swap),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_first_race),
		cmocka_unit_test(test_tag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
