package org.slidescore.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The gateway under test: real broker, real database, the test key pair, and the {@link Downstream} server as the
 * services. Every test class carries the same set, so Quarkus starts once for all of them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "gateway"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(Downstream.class)
public @interface GatewayTest {
    String ADMIN_PASSWORD = "test-admin-password";
}
