package org.sra.kit.test;

import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;

/**
 * The seal context names a service lists in {@code sra.secrets.contexts} of its own
 * {@code src/main/resources/application.yml} (read from the module's directory, where Maven runs
 * the tests, so that a test {@code application.yml} cannot stand in for it). A service's test
 * compares them with the {@code org.sra.events.secrets.SealContext} constants its code uses.
 */
public final class DeclaredSealContexts {

    private DeclaredSealContexts() {
    }

    public static Set<String> inMainApplicationYml() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("src/main/resources/application.yml"));
        Properties properties = yaml.getObject();
        String listed = properties == null ? "" : properties.getProperty("sra.secrets.contexts", "");
        return Arrays.stream(listed.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }
}
