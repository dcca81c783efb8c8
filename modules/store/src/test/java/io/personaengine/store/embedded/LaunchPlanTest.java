package io.personaengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LaunchPlanTest {

    private static final Path DATA = Path.of("/srv/persona/postgres");

    private static final Host ORDINARY_USER = new Host(1000, 1000, false, true);
    private static final Host ROOT_WITH_USER_NAMESPACES = new Host(0, 0, true, true);
    private static final Host ROOT_WITHOUT_USER_NAMESPACES = new Host(0, 0, false, true);
    private static final Host ROOT_WITHOUT_ANY_WAY_OUT = new Host(0, 0, false, false);

    @Test
    void anOrdinaryUserRunsPostgresDirectlyWhateverWasAskedFor() {
        for (LaunchMode requested : LaunchMode.values()) {
            LaunchPlan plan = LaunchPlan.choose(requested, ORDINARY_USER, DATA);

            assertThat(plan.mode()).isEqualTo(LaunchMode.DIRECT);
            assertThat(plan.ownerUid()).isEqualTo(1000);
        }
    }

    @Test
    void autoUsesUserNamespacesForRootWhereTheyWork() {
        LaunchPlan plan = LaunchPlan.choose(LaunchMode.AUTO, ROOT_WITH_USER_NAMESPACES, DATA);

        assertThat(plan.mode()).isEqualTo(LaunchMode.DIRECT);
        assertThat(plan.ownerUid()).isZero();
        assertThat(plan.description()).contains("unshare -U");
    }

    @Test
    void autoFallsBackToSetprivForRootWhereUserNamespacesAreBlocked() {
        LaunchPlan plan = LaunchPlan.choose(LaunchMode.AUTO, ROOT_WITHOUT_USER_NAMESPACES, DATA);

        assertThat(plan.mode()).isEqualTo(LaunchMode.SETPRIV);
        assertThat(plan.ownerUid()).isEqualTo(RunAsUser.lookUp("nobody").uid());
        assertThat(plan.binaries()).isInstanceOf(SetprivBinaryResolver.class);
    }

    @Test
    void refusesDirectForRootWhereUserNamespacesAreBlocked() {
        assertThatThrownBy(() -> LaunchPlan.choose(LaunchMode.DIRECT, ROOT_WITHOUT_USER_NAMESPACES, DATA))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining(DATA.toString())
                .hasMessageContaining("cannot run in mode direct")
                .hasMessageContaining("-Dpersona.embedded.mode=setpriv");
    }

    @Test
    void refusesSetprivWhereEmbeddedPostgresEntersAUserNamespace() {
        assertThatThrownBy(() -> LaunchPlan.choose(LaunchMode.SETPRIV, ROOT_WITH_USER_NAMESPACES, DATA))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("cannot run in mode setpriv")
                .hasMessageContaining("use mode auto or direct");
    }

    @Test
    void refusesSetprivWithoutTheSetprivTool() {
        assertThatThrownBy(() -> LaunchPlan.choose(LaunchMode.AUTO, ROOT_WITHOUT_ANY_WAY_OUT, DATA))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("setpriv is not on the PATH")
                .hasMessageContaining("install util-linux");
    }

    @Test
    void readsTheModeCaseInsensitivelyAndNamesTheChoicesWhenItCannot() {
        assertThat(LaunchMode.parse(" SetPriv ")).isEqualTo(LaunchMode.SETPRIV);
        assertThatThrownBy(() -> LaunchMode.parse("sudo"))
                .hasMessage("persona.embedded.mode=sudo is not one of auto, direct, setpriv");
    }

    @Test
    void refusesRootAsTheUnprivilegedUser() {
        assertThatThrownBy(() -> RunAsUser.lookUp("0:0"))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("PostgreSQL refuses to run as root");
        assertThatThrownBy(() -> RunAsUser.lookUp("no-such-user-here"))
                .hasMessageContaining("names no user on this host");
    }
}
