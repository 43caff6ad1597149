use pulse_documents::cv::*;
fn main() {
    let mut cv = Cv::sample(CvLang::Ar);
    cv.ats = true;
    let fix = |s: &mut String| *s = s.replace('\u{651}', "");
    fix(&mut cv.content.location);
    for e in &mut cv.content.experience { fix(&mut e.place); }
    for e in &mut cv.content.education { fix(&mut e.place); }
    std::fs::write("/tmp/cvx/ats-noshadda.pdf", cv_pdf(&cv).unwrap()).unwrap();
}
