package io.quern.http;

import java.nio.charset.StandardCharsets;

/** What a page answers: a status, a content type and the body. */
public record Response(int status, String contentType, byte[] body) {
  public static final String HTML = "text/html; charset=utf-8";
  public static final String JSON = "application/json; charset=utf-8";
  public static final String TEXT = "text/plain; charset=utf-8";

  public static Response html(String page) {
    return new Response(200, HTML, page.getBytes(StandardCharsets.UTF_8));
  }

  public static Response json(String json) {
    return new Response(200, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  public static Response text(String text) {
    return new Response(200, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The page's data: as JSON when asked ({@code ?format=json}), else the HTML page. */
  public static Response of(Request r, Object data, java.util.function.Supplier<String> html) {
    return r.wantsJson() ? json(Json.write(data)) : html(html.get());
  }

  static Response error(int status, String sentence) {
    return new Response(status, TEXT, (sentence + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
