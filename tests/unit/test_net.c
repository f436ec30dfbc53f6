/*
 * Unit tests for what src/deps/net.c decides without a network: which URLs
 * share an origin, so a repository's credentials go to its own host only
 * (helm's pass_credentials_all rule). The network paths themselves are
 * tested against real servers in tests/integration/t_lock_net.sh and
 * t_deps_build.sh.
 */
#include "testutil.h"
#include "deps/net_priv.h"

static void test_same_host(void **state)
{
	(void)state;
	assert_true(cc_deps_same_host("http://charts.example.com/a", "http://charts.example.com:80/b/c.tgz"));
	assert_true(cc_deps_same_host("https://Charts.Example.com/", "https://charts.example.com:443/x"));
	assert_true(cc_deps_same_host("http://127.0.0.1:8080/r", "http://127.0.0.1:8080/r/x-1.0.0.tgz"));
	assert_false(cc_deps_same_host("https://charts.example.com/", "http://charts.example.com/"));
	assert_false(cc_deps_same_host("http://127.0.0.1:8080/", "http://127.0.0.1:8081/"));
	assert_false(cc_deps_same_host("https://charts.example.com/", "https://cdn.example.com/x.tgz"));
	assert_false(cc_deps_same_host("https://user:pw@charts.example.com.evil.org/", "https://charts.example.com/"));
	assert_false(cc_deps_same_host("not a url", "not a url"));
	assert_false(cc_deps_same_host("", "http://a/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
