package org.sra.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.MethodParameter;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * A request with several bad fields gets them all in one problem detail, each naming the field as
 * the screen labels it, with our wording and the limits, never the validator's own text.
 */
class ConstraintProblemsTests {

    /** A request as a service declares one: three constrained fields (and one a service words itself). */
    record NewGadget(@NotBlank @Size(max = 100) String name,
                     @NotBlank @Size(min = 16, max = 128) @Pattern(regexp = "[\\x21-\\x7E]*") String sharedSecret,
                     @Min(1) @Max(100) Integer devicesPerUser,
                     @Size(max = 5) String note) {
    }

    /** A request with a list whose elements are checked one by one. */
    record NewBatch(@NotEmpty List<@NotBlank String> ids) {
    }

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private final ProblemHandler handler = new ProblemHandler(messages());

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("gadget-test-messages", "sra-kit-messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    private static MockHttpServletRequest request(String language) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/gadgets");
        if (language != null) {
            request.addHeader("Accept-Language", language);
        }
        return request;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> errorsOfBody(Object gadget, String language) throws Exception {
        String name = Character.toLowerCase(gadget.getClass().getSimpleName().charAt(0))
                + gadget.getClass().getSimpleName().substring(1);
        BeanPropertyBindingResult result = new BeanPropertyBindingResult(gadget, name);
        new SpringValidatorAdapter(VALIDATOR).validate(gadget, result);
        MethodParameter parameter = new MethodParameter(
                ConstraintProblemsTests.class.getDeclaredMethod("create", NewGadget.class), 0);
        ResponseEntity<Object> answer = handler.handleMethodArgumentNotValid(
                new MethodArgumentNotValidException(parameter, result), null, null,
                new ServletWebRequest(request(language)));
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(problem.getType()).hasToString("urn:sra:problem:invalid-request");
        return (List<Map<String, Object>>) problem.getProperties().get("errors");
    }

    @SuppressWarnings("unused")
    private void create(NewGadget gadget) {
    }

    private static Map<Object, Object> byField(List<Map<String, Object>> errors) {
        return errors.stream().collect(Collectors.toMap(e -> e.get("field"), e -> e.get("message"),
                (a, b) -> a + " | " + b));
    }

    @Test
    void threeBadFieldsOfABodyComeBackTogetherEachNamedAsTheScreenLabelsIt() throws Exception {
        NewGadget bad = new NewGadget("", "short", 0, null);

        Map<Object, Object> japanese = byField(errorsOfBody(bad, null));
        Map<Object, Object> english = byField(errorsOfBody(bad, "en"));

        assertThat(japanese).containsOnlyKeys("name", "sharedSecret", "devicesPerUser");
        assertThat(japanese.get("name")).isEqualTo("「ガジェット名」を入力してください。");
        assertThat(japanese.get("sharedSecret")).isEqualTo("「共有シークレット」は 16～128 文字で入力してください。");
        assertThat(japanese.get("devicesPerUser")).isEqualTo("「ユーザあたりのデバイス数」は 1～100 の範囲で入力してください。");
        assertThat(english).containsOnlyKeys("name", "sharedSecret", "devicesPerUser");
        assertThat(english.get("name")).isEqualTo("Enter Gadget name.");
        assertThat(english.get("sharedSecret")).isEqualTo("Shared secret must be 16 to 128 characters.");
        assertThat(english.get("devicesPerUser")).isEqualTo("Devices per user must be between 1 and 100.");
    }

    @Test
    void noFrameworkTextAndNoInternalFieldNameReachTheAdmin() throws Exception {
        NewGadget bad = new NewGadget("x".repeat(101), "with space 12345678", 101, "too long note");

        for (String language : new String[] {null, "en"}) {
            List<Map<String, Object>> errors = errorsOfBody(bad, language);
            assertThat(errors).extracting(e -> e.get("field"))
                    .containsExactlyInAnyOrder("name", "sharedSecret", "devicesPerUser", "note");
            assertThat(errors).extracting(e -> String.valueOf(e.get("message"))).allSatisfy(message -> assertThat(message)
                    .doesNotContain("size must be", "must be less than", "must match", "の間のサイズにしてください",
                            "以下の値にしてください", "に一致させてください", "sharedSecret", "devicesPerUser"));
        }
        // the service's own wording for one case wins over the kit's
        assertThat(byField(errorsOfBody(bad, null)).get("note")).isEqualTo("メモは5文字までです。");
        // a label and the limit, whichever end failed
        assertThat(byField(errorsOfBody(bad, null)).get("name")).isEqualTo("「ガジェット名」は 100 文字以内で入力してください。");
    }

    @Test
    void anElementOfAListIsNamedByItsListAndAServicesOwnWordingStillApplies() throws Exception {
        assertThat(byField(errorsOfBody(new NewBatch(List.of("a", " ")), null)))
                .containsExactly(Map.entry("ids[1]", "空の ID があります。"));
        assertThat(byField(errorsOfBody(new NewBatch(List.of()), "en")))
                .containsExactly(Map.entry("ids", "Enter IDs."));
    }

    @Test
    void violationsOutsideABodyAreWordedTheSameWay() {
        var violations = VALIDATOR.validate(new NewGadget(" ", "0123456789abcdef", 0, null));

        for (String language : new String[] {null, "en"}) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> errors = (List<Map<String, Object>>) handler
                    .constraint(new ConstraintViolationException(violations), request(language)).getBody()
                    .getProperties().get("errors");
            assertThat(errors).extracting(e -> e.get("field")).containsExactly("devicesPerUser", "name");
            assertThat(errors).extracting(e -> e.get("code")).containsExactly("out-of-range", "required");
        }
        assertThat(handler.constraint(new ConstraintViolationException(violations), request("en")).getBody()
                .getProperties().get("errors").toString()).contains("Enter Gadget name.");
        assertThat(new ConstraintProblemsTests().messagesKnow(Locale.JAPANESE)).isTrue();
    }

    private boolean messagesKnow(Locale locale) {
        return messages().getMessage("constraint.required", new Object[] {"x"}, locale).equals("「x」を入力してください。");
    }
}
