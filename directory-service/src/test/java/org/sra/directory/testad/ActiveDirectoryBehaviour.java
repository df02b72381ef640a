package org.sra.directory.testad;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;

/**
 * Makes the in-memory server answer the way Active Directory does where AD clients rely on it:
 * <ul>
 *   <li>simple bind as {@code user@corp.example.com} (UPN) or <code>CORP&#92;user</code> (NetBIOS
 *       down-level name) binds as that user's entry; a DN bind still works;</li>
 *   <li>a disabled account ({@code userAccountControl} bit 2) cannot bind, and failed binds
 *       carry AD's diagnostic text ({@code data 52e} bad credentials, {@code data 533} disabled);</li>
 *   <li>the bitwise matching rules {@code 1.2.840.113556.1.4.803} (AND) and {@code .804} (OR),
 *       as in {@code (!(userAccountControl:1.2.840.113556.1.4.803:=2))}, are evaluated;</li>
 *   <li>{@code (objectCategory=person)} means the Person category, as AD expands it;</li>
 *   <li>passwords are never returned by a search.</li>
 * </ul>
 */
final class ActiveDirectoryBehaviour extends InMemoryOperationInterceptor {

    static final String BIT_AND = "1.2.840.113556.1.4.803";
    static final String BIT_OR = "1.2.840.113556.1.4.804";
    private static final int ACCOUNT_DISABLED = 2;
    private static final String BAD_CREDENTIALS =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563";
    private static final String DISABLED =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563";
    private static final Set<String> HIDDEN_ATTRIBUTES = Set.of("userpassword", "unicodepwd");

    private final String baseDn;
    private final String upnSuffix;
    private final String netbiosDomain;
    private volatile InMemoryDirectoryServer server;

    ActiveDirectoryBehaviour(String baseDn, String upnSuffix, String netbiosDomain) {
        this.baseDn = baseDn;
        this.upnSuffix = upnSuffix;
        this.netbiosDomain = netbiosDomain;
    }

    /** The interceptor is configured before the server exists; it needs the server to look names up. */
    void attach(InMemoryDirectoryServer server) {
        this.server = server;
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) throws LDAPException {
        SimpleBindRequest bind = request.getRequest();
        String name = bind.getBindDN();
        if (name == null || name.isEmpty() || bind.getPassword().getValueLength() == 0) {
            return; // anonymous or unauthenticated bind: the server's own rules apply
        }
        Entry account = findAccount(name);
        if (account == null) {
            throw new LDAPException(ResultCode.INVALID_CREDENTIALS, BAD_CREDENTIALS);
        }
        if (isDisabled(account)) {
            throw new LDAPException(ResultCode.INVALID_CREDENTIALS, DISABLED);
        }
        request.setRequest(new SimpleBindRequest(account.getDN(), bind.getPassword().getValue(), bind.getControls()));
    }

    @Override
    public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult result) {
        if (result.getResult().getResultCode() == ResultCode.INVALID_CREDENTIALS) {
            result.setResult(new BindResult(result.getMessageID(),
                    ResultCode.INVALID_CREDENTIALS, BAD_CREDENTIALS, null, null, null));
        }
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
        Filter original = request.getRequest().getFilter();
        Filter rewritten = rewrite(original);
        if (!rewritten.equals(original)) {
            SearchRequest copy = request.getRequest().duplicate();
            copy.setFilter(rewritten);
            request.setRequest(copy);
        }
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
        SearchResultEntry entry = result.getSearchEntry();
        if (entry.getAttributes().stream().anyMatch(a -> HIDDEN_ATTRIBUTES.contains(a.getBaseName().toLowerCase(Locale.ROOT)))) {
            Entry copy = entry.duplicate();
            entry.getAttributes().stream()
                    .filter(a -> HIDDEN_ATTRIBUTES.contains(a.getBaseName().toLowerCase(Locale.ROOT)))
                    .forEach(a -> copy.removeAttribute(a.getName()));
            result.setSearchEntry(copy);
        }
    }

    /** The account a bind name denotes: a DN, a UPN or a NetBIOS down-level name; null if none. */
    private Entry findAccount(String name) throws LDAPException {
        Filter filter;
        int backslash = name.indexOf('\\');
        if (DN.isValidDN(name) && name.contains("=")) {
            return server.getEntry(name);
        } else if (backslash > 0) {
            if (!name.substring(0, backslash).equalsIgnoreCase(netbiosDomain)) {
                return null;
            }
            filter = Filter.createEqualityFilter("sAMAccountName", name.substring(backslash + 1));
        } else if (name.contains("@")) {
            filter = Filter.createEqualityFilter("userPrincipalName", name);
        } else {
            return null;
        }
        List<SearchResultEntry> found = server.search(baseDn, SearchScope.SUB, filter, "userAccountControl").getSearchEntries();
        return found.size() == 1 ? found.get(0) : null;
    }

    private static boolean isDisabled(Entry account) {
        Integer control = account.getAttributeValueAsInteger("userAccountControl");
        return control != null && (control & ACCOUNT_DISABLED) != 0;
    }

    /** Rewrites the AD-only parts of a filter into ones the in-memory server evaluates. */
    Filter rewrite(Filter filter) throws LDAPException {
        return switch (filter.getFilterType()) {
            case Filter.FILTER_TYPE_AND -> Filter.createANDFilter(rewriteAll(filter.getComponents()));
            case Filter.FILTER_TYPE_OR -> Filter.createORFilter(rewriteAll(filter.getComponents()));
            case Filter.FILTER_TYPE_NOT -> Filter.createNOTFilter(rewrite(filter.getNOTComponent()));
            case Filter.FILTER_TYPE_EQUALITY -> rewriteObjectCategory(filter);
            case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> rewriteBitMatch(filter);
            default -> filter;
        };
    }

    private List<Filter> rewriteAll(Filter[] components) throws LDAPException {
        List<Filter> rewritten = new ArrayList<>(components.length);
        for (Filter component : components) {
            rewritten.add(rewrite(component));
        }
        return rewritten;
    }

    /** AD expands {@code objectCategory=person} to the DN of the Person category. */
    private Filter rewriteObjectCategory(Filter filter) {
        if (!filter.getAttributeName().equalsIgnoreCase("objectCategory") || filter.getAssertionValue().contains("=")) {
            return filter;
        }
        String category = switch (filter.getAssertionValue().toLowerCase(Locale.ROOT)) {
            case "person", "user" -> "Person";
            case "group" -> "Group";
            case "container" -> "Container";
            case "domaindns" -> "Domain-DNS";
            case "computer" -> "Computer";
            default -> filter.getAssertionValue();
        };
        return Filter.createEqualityFilter(filter.getAttributeName(),
                "CN=" + category + ",CN=Schema,CN=Configuration," + baseDn);
    }

    /**
     * Turns {@code (attr:1.2.840.113556.1.4.803:=n)} into an OR of the values of {@code attr} present
     * in the directory that match, so that the server's ordinary equality matching does the rest.
     */
    private Filter rewriteBitMatch(Filter filter) throws LDAPException {
        String rule = filter.getMatchingRuleID();
        String attribute = filter.getAttributeName();
        if (attribute == null || !(BIT_AND.equals(rule) || BIT_OR.equals(rule))) {
            return filter;
        }
        BigInteger mask = new BigInteger(filter.getAssertionValue().trim());
        Set<String> matching = new LinkedHashSet<>();
        for (SearchResultEntry entry : server.search(baseDn, SearchScope.SUB, Filter.createPresenceFilter(attribute), attribute)
                .getSearchEntries()) {
            for (String value : entry.getAttributeValues(attribute)) {
                BigInteger bits = new BigInteger(value.trim());
                boolean match = BIT_AND.equals(rule) ? bits.and(mask).equals(mask) : bits.and(mask).signum() != 0;
                if (match) {
                    matching.add(value.trim());
                }
            }
        }
        // an empty OR is "absolute false" (RFC 4526): nothing matches
        return Filter.createORFilter(matching.stream().map(v -> Filter.createEqualityFilter(attribute, v)).toList());
    }
}
