/* The memory floor of a WebKitGTK window: one GTK window holding one
 * WebKitWebView that shows a tiny page (a bold Chinese heading and a line
 * of regular Chinese text in the app's fonts), nothing else. run.sh
 * measures it with the environment the app sets, to tell how
 * much of the app's idle memory is WebKitGTK itself. */
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(window), 1200, 800);
  GtkWidget *view = webkit_web_view_new();
  gtk_container_add(GTK_CONTAINER(window), view);
  /* The app's Chinese font list (ui/src/app.css), so the floor pays for the
     same CJK faces (regular and bold) as the app: a Chinese UI cannot do
     without them. */
  webkit_web_view_load_html(
      WEBKIT_WEB_VIEW(view),
      "<html><body style=\"font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', "
      "'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif\">"
      "<h1>建造师证书夹 BuildCert</h1><p>一级建造师电子注册证书</p></body></html>",
      NULL);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  gtk_widget_show_all(window);
  gtk_main();
  return 0;
}
