/* A minimal program built by scripts/check_install.sh against an installed libtenuo, using only
 * `pkg-config --cflags --libs tenuo`: proves the installed header, library and .pc file work. */
#include <tenuo.h>

#include <stdio.h>
#include <string.h>

int main(void) {
    const char *version = tenuo_version_string();
    if (tenuo_version_number() != TENUO_VERSION_NUMBER || version == NULL || strcmp(version, TENUO_VERSION_STRING) != 0) {
        fprintf(stderr, "install_app: header %s does not match library %s\n", TENUO_VERSION_STRING, version ? version : "NULL");
        return 1;
    }
    printf("install_app: libtenuo %s, %s = %d\n", version, tenuo_status_name(TENUO_E_SIGNATURE_INVALID),
           (int)TENUO_E_SIGNATURE_INVALID);
    return 0;
}
